//! The command line: `serve` (the default), `migrate`, `check-config`,
//! `backup`, `keys rotate|list|retire`, `admin create|promote`, `seed` and
//! `measure`.

use crate::{
    admin::operator,
    config::Settings,
    startup::Application,
    storage::{Db, backup},
    tokens::SigningKeys,
};
use anyhow::Context;
use app::clock::Clock;
use clap::{Arg, ArgAction, Command as Cli};
use secrecy::ExposeSecret;
use secrecy::SecretString;
use std::{
    io::{BufRead, IsTerminal},
    path::PathBuf,
    time::{Duration, Instant},
};

pub enum Command {
    Serve,
    Migrate,
    CheckConfig,
    Healthcheck,
    Backup {
        to: PathBuf,
    },
    RotateKeys,
    ListKeys,
    RetireKey {
        kid: String,
    },
    CreateAdmin {
        email: String,
        first_name: String,
        last_name: String,
    },
    PromoteAdmin {
        email: String,
        allow_unverified: bool,
    },
    Seed {
        users: usize,
    },
    Measure {
        seconds: u64,
    },
}

fn required(name: &'static str, help: &'static str) -> Arg {
    Arg::new(name).long(name).required(true).help(help)
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
        .subcommand(Cli::new("check-config").about(
            "Check the settings and print the effective configuration, secrets masked; \
             names every invalid variable and exits 1 if there is one",
        ))
        .subcommand(Cli::new("healthcheck").about(
            "Ask the server on LEPTOS_SITE_ADDR whether it is alive (GET /health/live); \
             exits 0 if it is. For container health checks: the image needs no curl",
        ))
        .subcommand(
            Cli::new("backup")
                .about(
                    "Copy the SQLite database consistently while the portal runs \
                     (Postgres: use pg_dump)",
                )
                .arg(
                    Arg::new("to")
                        .long("to")
                        .required(true)
                        .value_parser(clap::value_parser!(PathBuf))
                        .help("The new file to write (it must not exist)"),
                ),
        )
        .subcommand(
            Cli::new("keys")
                .about("Manage the keys that sign access tokens")
                .subcommand_required(true)
                .subcommand(Cli::new("rotate").about(
                    "Make a new signing key; the old one stays in the JWKS until its tokens expire",
                ))
                .subcommand(Cli::new("list").about("List the published signing keys"))
                .subcommand(
                    Cli::new("retire")
                        .about(
                            "Retire a key at once (a leaked one): it leaves the JWKS and its \
                             tokens stop verifying on every instance within a minute",
                        )
                        .arg(
                            Arg::new("kid")
                                .required(true)
                                .help("The key's id (`keys list`)"),
                        ),
                ),
        )
        .subcommand(
            Cli::new("admin")
                .about("Manage administrators")
                .subcommand_required(true)
                .subcommand(
                    Cli::new("create")
                        .about(
                            "Create an admin account; the password is read from standard input \
                             (or asked for at a terminal), never from the command line",
                        )
                        .arg(required("email", "The admin's email address"))
                        .arg(required("first-name", "First name"))
                        .arg(required("last-name", "Last name")),
                )
                .subcommand(
                    Cli::new("promote")
                        .about("Make an existing user an admin")
                        .arg(required("email", "The user's email address"))
                        .arg(
                            Arg::new("allow-unverified")
                                .long("allow-unverified")
                                .action(clap::ArgAction::SetTrue)
                                .help(
                                    "Promote even if the address was never verified (whoever \
                                     registered it may not own it)",
                                ),
                        ),
                ),
        )
        .subcommand(
            Cli::new("seed")
                .about("Create many users for benchmarks (refused in production)")
                .arg(
                    Arg::new("users")
                        .long("users")
                        .default_value("100000")
                        .value_parser(clap::value_parser!(usize))
                        .help("How many users"),
                ),
        )
        .subcommand(
            Cli::new("measure")
                .about(
                    "Measure this machine's raw rates, on every core: argon2id verifications \
                     with the configured parameters, and access-token signature checks (for \
                     sizing: docs/benchmarks.md)",
                )
                .arg(
                    Arg::new("seconds")
                        .long("seconds")
                        .default_value("5")
                        .value_parser(clap::value_parser!(u64).range(1..=600))
                        .help("How long to measure each rate"),
                ),
        )
        .get_matches();
    let text = |matches: &clap::ArgMatches, name: &str| {
        matches.get_one::<String>(name).cloned().unwrap_or_default()
    };
    match matches.subcommand() {
        Some(("migrate", _)) => Command::Migrate,
        Some(("check-config", _)) => Command::CheckConfig,
        Some(("healthcheck", _)) => Command::Healthcheck,
        Some(("backup", args)) => Command::Backup {
            to: args.get_one::<PathBuf>("to").cloned().unwrap_or_default(),
        },
        Some(("keys", keys)) => match keys.subcommand() {
            Some(("rotate", _)) => Command::RotateKeys,
            Some(("retire", args)) => Command::RetireKey {
                kid: text(args, "kid"),
            },
            _ => Command::ListKeys,
        },
        Some(("admin", admin)) => match admin.subcommand() {
            Some(("create", args)) => Command::CreateAdmin {
                email: text(args, "email"),
                first_name: text(args, "first-name"),
                last_name: text(args, "last-name"),
            },
            Some(("promote", args)) => Command::PromoteAdmin {
                email: text(args, "email"),
                allow_unverified: args.get_flag("allow-unverified"),
            },
            _ => unreachable!("clap requires a subcommand"),
        },
        Some(("seed", args)) => Command::Seed {
            users: args.get_one::<usize>("users").copied().unwrap_or(100_000),
        },
        Some(("measure", args)) => Command::Measure {
            seconds: args.get_one::<u64>("seconds").copied().unwrap_or(5),
        },
        _ => Command::Serve,
    }
}

/// Runs `command` with the settings from the environment.
pub async fn run(command: Command) -> anyhow::Result<()> {
    if let Command::CheckConfig = command {
        return check_config();
    }
    let settings = Settings::from_env()?;
    match command {
        Command::CheckConfig => unreachable!("handled before the settings are needed"),
        Command::Healthcheck => healthcheck(&settings).await?,
        Command::Serve => {
            Application::build(settings)
                .await?
                .run_until_stopped()
                .await?
        }
        Command::Migrate => {
            Db::connect(settings.database_url.expose_secret())
                .await?
                .migrate()
                .await?;
            tracing::info!("migrations applied");
        }
        Command::Backup { to } => {
            let db = Db::connect_existing(settings.database_url.expose_secret()).await?;
            backup::sqlite_copy(&db, &to).await?;
            println!(
                "Backed up to {}. Keep SECRET_KEY with it: the copy's signing keys and second \
                 factors are sealed with it.",
                to.display()
            );
        }
        Command::RotateKeys => {
            let db = Db::connect(settings.database_url.expose_secret()).await?;
            db.migrate().await?;
            let kid = SigningKeys::rotate(&db, &settings.secret_key, Clock::system().now()).await?;
            println!("New signing key: {kid}. Running instances sign with it within a minute.");
        }
        Command::RetireKey { kid } => {
            let db = Db::connect(settings.database_url.expose_secret()).await?;
            db.migrate().await?;
            if !SigningKeys::retire(&db, &kid, Clock::system().now()).await? {
                anyhow::bail!("no published signing key has the id {kid} (see `keys list`)");
            }
            println!(
                "Retired {kid}: gone from the JWKS, and its tokens stop verifying on every \
                 instance within a minute."
            );
        }
        Command::ListKeys => {
            let db = Db::connect(settings.database_url.expose_secret()).await?;
            db.migrate().await?;
            let keys = SigningKeys::load(
                db,
                &settings.secret_key,
                settings.tokens.access_ttl,
                Clock::system(),
            )
            .await?;
            print!("{}", keys.describe());
        }
        Command::CreateAdmin {
            email,
            first_name,
            last_name,
        } => {
            let password = read_password()?;
            operator::create_admin(&settings, &email, &first_name, &last_name, password).await?;
        }
        Command::PromoteAdmin {
            email,
            allow_unverified,
        } => operator::promote(&settings, &email, allow_unverified).await?,
        Command::Seed { users } => operator::seed_users(&settings, users).await?,
        Command::Measure { seconds } => measure(&settings, Duration::from_secs(seconds)).await?,
    }
    Ok(())
}

/// Prints the raw rates `scripts/bench` compares the server's figures with:
/// the work alone, on every core at once, with no HTTP, queue or database.
async fn measure(settings: &Settings, each: Duration) -> anyhow::Result<()> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let hashing = &settings.password_hashing;
    let verifiers = (0..threads)
        .map(|_| crate::identity::password_hasher::raw_verifier(hashing))
        .collect::<Result<Vec<_>, _>>()?;
    let hashes = tokio::task::spawn_blocking(move || {
        rate(verifiers, each, |verify| {
            verify().is_ok_and(|matched| matched)
        })
    })
    .await?;
    println!(
        "argon2id verifications: {hashes:.1}/s on {threads} threads \
         (m={} KiB, t={}, p={})",
        hashing.memory_kib, hashing.iterations, hashing.parallelism
    );
    let verifiers = (0..threads)
        .map(|_| crate::tokens::raw_verifier())
        .collect::<Result<Vec<_>, _>>()?;
    let signatures =
        tokio::task::spawn_blocking(move || rate(verifiers, each, |verify| verify())).await?;
    println!("EdDSA access-token verifications: {signatures:.0}/s on {threads} threads");
    Ok(())
}

/// Runs each of `workers` on a thread of its own for `each`, and answers the
/// successful runs per second of all of them together.
fn rate<W: Send>(workers: Vec<W>, each: Duration, run: fn(&mut W) -> bool) -> f64 {
    let started = Instant::now();
    let done: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = workers
            .into_iter()
            .map(|mut worker| {
                scope.spawn(move || {
                    let mut done = 0;
                    while started.elapsed() < each {
                        done += usize::from(run(&mut worker));
                    }
                    done
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
    });
    done as f64 / started.elapsed().as_secs_f64()
}

/// Prints the effective configuration, or every problem with it (exit 1).
fn check_config() -> anyhow::Result<()> {
    let (_, lines) = Settings::described_from_env()?;
    let width = lines.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    println!("The configuration is valid. Effective settings (secrets masked):");
    for (name, value) in lines {
        println!("  {name:width$}  {value}");
    }
    Ok(())
}

/// GET /health/live on this machine's listener.
async fn healthcheck(settings: &Settings) -> anyhow::Result<()> {
    let mut address = settings.listen_addr;
    if address.ip().is_unspecified() {
        address.set_ip(match address {
            std::net::SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            std::net::SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    let url = format!("http://{address}/health/live");
    let response = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(3))
        .build()?
        .get(&url)
        .send()
        .await
        .with_context(|| format!("no answer from {url}"))?;
    anyhow::ensure!(
        response.status().is_success(),
        "{url} answered {}",
        response.status()
    );
    Ok(())
}

/// At a terminal: asked twice without echo. Otherwise: the first line of
/// standard input (`printf '%s\n' "$PASSWORD" | portcullis admin create …`).
fn read_password() -> anyhow::Result<SecretString> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password for the admin: ")?;
        let again = rpassword::prompt_password("The same password again: ")?;
        anyhow::ensure!(first == again, "the passwords differ");
        return Ok(SecretString::from(first));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("could not read the password from standard input")?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    anyhow::ensure!(!password.is_empty(), "no password on standard input");
    Ok(SecretString::from(password))
}
