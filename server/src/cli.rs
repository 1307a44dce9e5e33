use clap::{Arg, ArgAction, Command as Cli};

pub enum Command {
    Serve,
    Migrate,
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
        .get_matches();
    match matches.subcommand_name() {
        Some("migrate") => Command::Migrate,
        _ => Command::Serve,
    }
}
