use clap::{Arg, ArgAction, Command as Cli};

pub enum Command {
    Serve,
    Migrate,
    RotateKeys,
    ListKeys,
}

pub fn parse() -> Command {
    let matches = Cli::new("portcullis")
        .about("Portcullis, a self-hosted authentication portal")
        .version(env!("CARGO_PKG_VERSION"))
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .long("version")
                .short('V')
                .action(ArgAction::Version)
                .help("Print the version"),
        )
        .subcommand(Cli::new("serve").about("Serve the portal (the default)"))
        .subcommand(Cli::new("migrate").about("Apply the database migrations and exit"))
        .subcommand(
            Cli::new("keys")
                .about("Manage the keys that sign access tokens")
                .subcommand_required(true)
                .subcommand(Cli::new("rotate").about(
                    "Make a new signing key; the old one stays in the JWKS until its tokens expire",
                ))
                .subcommand(Cli::new("list").about("List the published signing keys")),
        )
        .get_matches();
    match matches.subcommand() {
        Some(("migrate", _)) => Command::Migrate,
        Some(("keys", keys)) => match keys.subcommand_name() {
            Some("rotate") => Command::RotateKeys,
            _ => Command::ListKeys,
        },
        _ => Command::Serve,
    }
}
