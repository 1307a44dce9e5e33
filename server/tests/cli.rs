//! The `portcullis` binary, run as a person or a service manager runs it.

use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

fn portcullis(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portcullis"));
    // A folder of its own, so no developer's .env or data/ is picked up.
    command
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1");
    command
}

fn temp_dir() -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("portcullis-cli-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn migrate_creates_the_sqlite_database_and_its_folder_with_no_configuration() {
    let dir = temp_dir();

    let output = portcullis(&dir).arg("migrate").output().unwrap();

    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(dir.join("data/portcullis.db").exists());
    // Running it again is harmless.
    assert!(portcullis(&dir).arg("migrate").status().unwrap().success());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn development_generates_a_secret_once_and_keeps_it_private() {
    let dir = temp_dir();

    assert!(portcullis(&dir).arg("migrate").status().unwrap().success());
    let secret = std::fs::read_to_string(dir.join("data/secret.key")).unwrap();
    assert!(portcullis(&dir).arg("migrate").status().unwrap().success());

    assert!(secret.len() >= 43);
    assert_eq!(
        std::fs::read_to_string(dir.join("data/secret.key")).unwrap(),
        secret
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("data/secret.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn production_refuses_to_start_without_a_strong_secret_https_or_smtp() {
    let dir = temp_dir();
    let strong = "q3V9x-LmT2pZ8rKw7YbN4cHs6dFj1gAe0uRoXiEv";
    let cases = [
        (
            None,
            "https://auth.example",
            Some("smtp.example"),
            "SECRET_KEY must be set",
        ),
        (
            Some("changeme"),
            "https://auth.example",
            Some("smtp.example"),
            "SECRET_KEY is too weak",
        ),
        (
            Some(strong),
            "http://auth.example",
            Some("smtp.example"),
            "https",
        ),
        (
            Some(strong),
            "https://auth.example",
            None,
            "SMTP_HOST is not set",
        ),
    ];

    for (secret, public_url, smtp_host, complaint) in cases {
        let mut command = portcullis(&dir);
        command
            .env("PORTCULLIS_ENV", "production")
            .env("PUBLIC_URL", public_url);
        if let Some(smtp_host) = smtp_host {
            command.env("SMTP_HOST", smtp_host);
        }
        if let Some(secret) = secret {
            command.env("SECRET_KEY", secret);
        }
        let output = command.arg("serve").output().unwrap();

        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(complaint),
            "expected {complaint:?} in {stderr}"
        );
        if let Some(secret) = secret {
            assert!(!stderr.contains(secret), "the secret was printed: {stderr}");
        }
    }
    assert!(
        !dir.join("data/portcullis.db").exists(),
        "nothing was started"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// Starts `portcullis serve` on a free port and returns it with its address
/// and the rest of its log.
fn start_server(
    dir: &Path,
    log_level: &str,
) -> (
    std::process::Child,
    String,
    std::io::Lines<BufReader<std::process::ChildStderr>>,
) {
    start_server_with(dir, log_level, &[])
}

fn start_server_with(
    dir: &Path,
    log_level: &str,
    vars: &[(&str, &str)],
) -> (
    std::process::Child,
    String,
    std::io::Lines<BufReader<std::process::ChildStderr>>,
) {
    let mut child = portcullis(dir)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", log_level)
        .envs(vars.iter().copied())
        .arg("serve")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        let Some(Ok(line)) = lines.next() else { break };
        if line.contains("Portcullis is listening") {
            let address = line.rsplit("address=").next().unwrap().trim().to_string();
            return (child, address, lines);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not start");
}

fn stop(child: &mut std::process::Child) -> std::process::ExitStatus {
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    child.wait().unwrap()
}

#[cfg(unix)]
#[tokio::test]
async fn no_password_hash_or_cookie_ever_reaches_the_log() {
    let dir = temp_dir();
    let (mut child, address, lines) = start_server(&dir, "debug");
    let base = format!("http://{address}");
    let password = "Unmistakable-Secret-917!";
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let post = |path: &str, form: Vec<(&str, &str)>| {
        client.post(format!("{base}{path}")).form(&form).send()
    };

    let signed_up = post(
        "/rpc/auth/sign-up",
        vec![
            ("email", "ada@example.com"),
            ("password", password),
            ("first_name", "Ada"),
            ("last_name", "Lovelace"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(signed_up.status(), 200);
    let cookie = signed_up.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let session_id = cookie.split('=').nth(1).unwrap().to_string();
    post(
        "/rpc/auth/sign-in",
        vec![
            ("email", "ada@example.com"),
            ("password", "Wrong-Guess-1234!"),
        ],
    )
    .await
    .unwrap();
    post(
        "/rpc/auth/sign-in",
        vec![("email", "ada@example.com"), ("password", password)],
    )
    .await
    .unwrap();
    client.get(format!("{base}/profile")).send().await.unwrap();
    post("/rpc/auth/sign-out", vec![]).await.unwrap();
    // With no SMTP configured, the verification message lands in data/mail/.
    let mail_dir = dir.join("data/mail");
    let mut message = None;
    for _ in 0..100 {
        if let Some(entry) = std::fs::read_dir(&mail_dir).ok().and_then(|mut d| d.next()) {
            message = Some(std::fs::read_to_string(entry.unwrap().path()).unwrap());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let message = message.expect("a message file under data/mail");
    let code = message
        .split("code: ")
        .nth(1)
        .map(|rest| rest[..6].to_string())
        .expect("a code in the message");
    assert!(stop(&mut child).success());

    let log: Vec<String> = lines.map_while(Result::ok).collect();
    let log = log.join("\n");
    assert!(
        log.contains("account created"),
        "the log was captured: {log}"
    );
    assert!(
        log.contains("mail written to a file") && log.contains("data/mail/"),
        "the log says where the message is: {log}"
    );
    for secret in [
        password,
        "Wrong-Guess-1234!",
        "$argon2",
        session_id.as_str(),
        code.as_str(),
    ] {
        assert!(!log.contains(secret), "{secret:?} appears in the log");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_gracefully() {
    let dir = temp_dir();
    let (mut child, _, lines) = start_server(&dir, "info");

    let status = stop(&mut child);

    assert!(status.success(), "{status:?}");
    assert!(
        lines
            .map_while(Result::ok)
            .any(|line| line.contains("Portcullis stopped"))
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn keys_rotate_makes_a_new_signing_key_and_keeps_the_old_one_published() {
    let dir = temp_dir();
    let list = |dir: &Path| {
        let output = portcullis(dir).args(["keys", "list"]).output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let before = list(&dir);
    assert_eq!(before.lines().count(), 1, "{before}");
    let old_kid = before.split('\t').next().unwrap().to_string();
    assert!(before.contains("signing"));

    let output = portcullis(&dir).args(["keys", "rotate"]).output().unwrap();

    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let after = list(&dir);
    assert_eq!(after.lines().count(), 2, "{after}");
    let old_line = after
        .lines()
        .find(|line| line.starts_with(&old_kid))
        .unwrap();
    assert!(old_line.ends_with("verify-only"), "{after}");
    let new_line = after
        .lines()
        .find(|line| !line.starts_with(&old_kid))
        .unwrap();
    assert!(new_line.ends_with("\tsigning"), "{after}");
    let new_kid = new_line.split('\t').next().unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains(new_kid));

    // A leaked key is retired by hand: gone at once, and a new one signs.
    let retired = portcullis(&dir)
        .args(["keys", "retire", new_kid])
        .output()
        .unwrap();
    assert!(
        retired.status.success(),
        "{}",
        String::from_utf8_lossy(&retired.stderr)
    );
    let after_retiring = list(&dir);
    assert!(!after_retiring.contains(new_kid), "{after_retiring}");
    assert!(after_retiring.contains("\tsigning"), "{after_retiring}");
    let unknown = portcullis(&dir)
        .args(["keys", "retire", "no-such-kid"])
        .output()
        .unwrap();
    assert!(!unknown.status.success());
    std::fs::remove_dir_all(dir).unwrap();
}

/// Runs `portcullis` with `args`, `stdin` piped in; (success, stdout + stderr).
fn run_with_stdin(dir: &Path, args: &[&str], stdin: &str) -> (bool, String) {
    use std::io::Write;
    let mut child = portcullis(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[cfg(unix)]
#[tokio::test]
async fn admin_create_reads_the_password_from_stdin_and_admin_promote_promotes() {
    let dir = temp_dir();
    let password = "Portcullis-Keeper-88!";
    let create = [
        "admin",
        "create",
        "--email",
        "Root@Example.com",
        "--first-name",
        "Ada",
        "--last-name",
        "Admin",
    ];

    let (weak, output) = run_with_stdin(&dir, &create, "password\n");
    assert!(!weak, "a weak password is refused: {output}");
    assert!(output.contains("password:"), "{output}");
    let (created, output) = run_with_stdin(&dir, &create, &format!("{password}\n"));
    assert!(created, "{output}");
    assert!(!output.contains(password), "the password is never printed");
    let (again, output) = run_with_stdin(&dir, &create, &format!("{password}\n"));
    assert!(!again && output.contains("admin promote"), "{output}");
    let (unknown, output) = run_with_stdin(
        &dir,
        &["admin", "promote", "--email", "nobody@example.com"],
        "",
    );
    assert!(!unknown && output.contains("no account"), "{output}");

    let (mut child, address, _lines) = start_server(&dir, "info");
    let base = format!("http://{address}");
    let client = reqwest::Client::new();
    let login = |email: &'static str, password: &'static str| {
        client
            .post(format!("{base}/api/auth/login"))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
    };
    let body: serde_json::Value = login("root@example.com", password)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = body["data"]["accessToken"].as_str().unwrap().to_string();
    assert_eq!(body["data"]["user"]["role"], "admin");
    assert_eq!(body["data"]["user"]["emailVerified"], true);
    let stats = client
        .get(format!("{base}/api/admin/stats"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(stats.status(), 200);
    let registered = client
        .post(format!("{base}/api/auth/register"))
        .json(
            &serde_json::json!({"email": "grace@example.com", "password": "Tangerine-Orbit-42!",
            "firstName": "Grace", "lastName": "Hopper"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status(), 201);

    let (refused, output) = run_with_stdin(
        &dir,
        &["admin", "promote", "--email", "grace@example.com"],
        "",
    );
    assert!(!refused, "an unverified address is refused");
    assert!(output.contains("--allow-unverified"), "{output}");
    let (promoted, output) = run_with_stdin(
        &dir,
        &[
            "admin",
            "promote",
            "--email",
            "grace@example.com",
            "--allow-unverified",
        ],
        "",
    );
    assert!(promoted, "{output}");
    let body: serde_json::Value = login("grace@example.com", "Tangerine-Orbit-42!")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["data"]["user"]["role"], "admin");
    stop(&mut child);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn seed_creates_users_for_benchmarks_and_is_refused_in_production() {
    let dir = temp_dir();
    let (seeded, output) = run_with_stdin(&dir, &["seed", "--users", "1200"], "");
    assert!(seeded && output.contains("Seeded 1200 users"), "{output}");
    let refused = portcullis(&dir)
        .env("PORTCULLIS_ENV", "production")
        .env("SECRET_KEY", "q3V9x-LmT2pZ8rKw7YbN4cHs6dFj1gAe0uRoXiEv")
        .env("PUBLIC_URL", "https://auth.example")
        .env("SMTP_HOST", "smtp.example")
        .args(["seed", "--users", "10"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("refused in production"));
    std::fs::remove_dir_all(dir).unwrap();
}

const STRONG_SECRET: &str = "q3V9x-LmT2pZ8rKw7YbN4cHs6dFj1gAe0uRoXiEv";

/// `portcullis check-config` with `vars`: (succeeded, stdout, stderr).
fn check_config(dir: &Path, vars: &[(&str, &str)]) -> (bool, String, String) {
    let output = portcullis(dir)
        .envs(vars.iter().copied())
        .arg("check-config")
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A production configuration that passes, for cases to spoil one variable of.
fn production(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut vars = vec![
        ("PORTCULLIS_ENV", "production"),
        ("PUBLIC_URL", "https://auth.example.com"),
        ("SECRET_KEY", STRONG_SECRET),
        ("SMTP_HOST", "smtp.example.com"),
    ];
    for (name, value) in extra {
        vars.retain(|(existing, _)| existing != name);
        vars.push((name, value));
    }
    vars
}

#[test]
fn check_config_names_every_invalid_variable_and_why() {
    let dir = temp_dir();

    let (ok, _, stderr) = check_config(
        &dir,
        &[
            ("PUBLIC_URL", "https://example.com/auth?x=1"),
            ("ARGON2_ITERATIONS", "two"),
            ("SMTP_HOST", "smtp.example.com"),
            ("SMTP_TLS", "sometimes"),
            ("TRUSTED_PROXIES", "10.0.0.0/8, the-proxy"),
        ],
    );

    assert!(!ok);
    for complaint in [
        "PUBLIC_URL must be an origin without a path, query or fragment",
        "ARGON2_ITERATIONS has an invalid value `two`",
        "SMTP_TLS must be `none`, `starttls` or `tls`, not `sometimes`",
        "TRUSTED_PROXIES: `the-proxy` is not an address or a CIDR range",
    ] {
        assert!(
            stderr.contains(complaint),
            "expected {complaint:?} in {stderr}"
        );
    }
    assert!(
        !dir.join("data/portcullis.db").exists(),
        "nothing was started"
    );

    // A variable that cannot be read and a production rule broken by
    // another are both named at once; a missing secret is not also "weak".
    let (ok, _, stderr) = check_config(
        &dir,
        &production(&[
            ("SECRET_KEY", ""),
            ("PUBLIC_URL", "http://auth.example.com"),
            ("LOCKOUT_MINUTES", "soon"),
            ("DATABASE_URL", "mysql://db.example.com/portcullis"),
        ]),
    );
    assert!(!ok);
    for complaint in [
        "SECRET_KEY must be set in production",
        "LOCKOUT_MINUTES has an invalid value `soon`",
        "PUBLIC_URL must use https in production",
        "DATABASE_URL must start with sqlite:// or postgres://",
    ] {
        assert!(
            stderr.contains(complaint),
            "expected {complaint:?} in {stderr}"
        );
    }
    assert!(!stderr.contains("SECRET_KEY is too weak"), "{stderr}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn check_config_prints_the_effective_configuration_with_secrets_masked() {
    let dir = temp_dir();
    std::fs::write(dir.join("smtp-password"), "Smtp-Pa55word-xyz\n").unwrap();
    let smtp_password_file = dir.join("smtp-password").display().to_string();

    let (ok, stdout, stderr) = check_config(
        &dir,
        &production(&[
            (
                "DATABASE_URL",
                "postgres://portcullis:Db-Pa55word-xyz@db.example.com/portcullis?sslmode=verify-full",
            ),
            (
                "SMTP_PASSWORD_FILE",
                Box::leak(smtp_password_file.into_boxed_str()),
            ),
            ("GOOGLE_CLIENT_ID", "client-id.apps.example"),
            ("GOOGLE_CLIENT_SECRET", "Google-Secret-xyz"),
        ]),
    );

    assert!(ok, "{stderr}");
    assert!(stdout.contains("The configuration is valid"), "{stdout}");
    assert!(stdout.contains("PORTCULLIS_ENV"), "{stdout}");
    assert!(stdout.contains("production"), "{stdout}");
    assert!(
        stdout.contains("postgres://portcullis:****@db.example.com/portcullis?sslmode=verify-full"),
        "{stdout}"
    );
    assert!(
        stdout.contains("ARGON2_MEMORY_KIB"),
        "defaults are shown too: {stdout}"
    );
    for secret in [
        STRONG_SECRET,
        "Db-Pa55word-xyz",
        "Smtp-Pa55word-xyz",
        "Google-Secret-xyz",
    ] {
        assert!(!stdout.contains(secret), "{secret} was printed: {stdout}");
        assert!(!stderr.contains(secret), "{secret} was printed: {stderr}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn every_secret_can_come_from_a_file() {
    let dir = temp_dir();
    for (name, contents) in [
        ("secret-key", format!("{STRONG_SECRET}\n")),
        ("smtp-password", "Smtp-Pa55word-xyz".to_string()),
        ("google-secret", "Google-Secret-xyz\n".to_string()),
        (
            "database-url",
            format!("sqlite://{}/from-file.db\n", dir.display()),
        ),
    ] {
        std::fs::write(dir.join(name), contents).unwrap();
    }
    let path = |name: &str| -> &'static str {
        Box::leak(dir.join(name).display().to_string().into_boxed_str())
    };
    let vars = production(&[
        ("SECRET_KEY", ""),
        ("SECRET_KEY_FILE", path("secret-key")),
        ("SMTP_PASSWORD_FILE", path("smtp-password")),
        ("GOOGLE_CLIENT_ID", "client-id.apps.example"),
        ("GOOGLE_CLIENT_SECRET_FILE", path("google-secret")),
        ("DATABASE_URL_FILE", path("database-url")),
    ]);

    let (ok, stdout, stderr) = check_config(&dir, &vars);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("from-file.db"), "{stdout}");
    let migrated = portcullis(&dir)
        .envs(vars.iter().copied())
        .arg("migrate")
        .output()
        .unwrap();
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    assert!(
        dir.join("from-file.db").exists(),
        "DATABASE_URL_FILE was used"
    );

    // Both ways at once is a mistake, and a missing file is named.
    let (ok, _, stderr) = check_config(
        &dir,
        &production(&[("SECRET_KEY_FILE", path("secret-key"))]),
    );
    assert!(!ok);
    assert!(
        stderr.contains("SECRET_KEY and SECRET_KEY_FILE are both set"),
        "{stderr}"
    );
    let (ok, _, stderr) = check_config(
        &dir,
        &production(&[("SMTP_PASSWORD_FILE", "/nonexistent/smtp-password")]),
    );
    assert!(!ok);
    assert!(
        stderr.contains("SMTP_PASSWORD_FILE: cannot read /nonexistent/smtp-password"),
        "{stderr}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn production_refuses_a_postgres_on_another_host_without_tls() {
    let dir = temp_dir();
    let remote = "postgres://portcullis:Db-Pa55word-xyz@db.example.com/portcullis";

    for url in [
        remote.to_string(),
        format!("{remote}?sslmode=prefer"),
        format!("{remote}?sslmode=disable"),
    ] {
        let url: &'static str = Box::leak(url.into_boxed_str());
        let (ok, _, stderr) = check_config(&dir, &production(&[("DATABASE_URL", url)]));
        assert!(!ok, "{url} was accepted");
        assert!(
            stderr.contains("DATABASE_URL reaches db.example.com without requiring TLS"),
            "{stderr}"
        );
        assert!(
            !stderr.contains("Db-Pa55word-xyz"),
            "the password was printed: {stderr}"
        );
    }
    for (accepted, extra) in [
        (format!("{remote}?sslmode=require"), None),
        (format!("{remote}?sslmode=verify-full"), None),
        (
            remote.to_string(),
            Some(("DATABASE_ALLOW_PLAINTEXT", "true")),
        ),
        (
            "postgres://portcullis@127.0.0.1/portcullis".to_string(),
            None,
        ),
        (
            "postgres://portcullis@localhost/portcullis".to_string(),
            None,
        ),
    ] {
        let url: &'static str = Box::leak(accepted.into_boxed_str());
        let mut vars = production(&[("DATABASE_URL", url)]);
        vars.extend(extra);
        let (ok, _, stderr) = check_config(&dir, &vars);
        assert!(ok, "{url} {extra:?} was refused: {stderr}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn sslrootcert_system_with_a_weaker_sslmode_is_refused_as_libpq_refuses_it() {
    let dir = temp_dir();

    let (ok, _, stderr) = check_config(
        &dir,
        &[(
            "DATABASE_URL",
            "postgres://portcullis@db.example.com/portcullis?sslrootcert=system&sslmode=require",
        )],
    );

    assert!(!ok);
    assert!(
        stderr.contains("sslrootcert=system needs sslmode=verify-full"),
        "{stderr}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// The Postgres server of the test run (TEST_POSTGRES_URL), with `query`
/// in place of its own.
fn test_postgres_with(query: &str) -> Option<String> {
    let server = std::env::var("TEST_POSTGRES_URL").ok()?;
    let mut url = url::Url::parse(&server).unwrap();
    url.set_query(Some(query));
    Some(url.to_string())
}

/// `portcullis migrate` on a scratch database of the test Postgres, reached
/// as `localhost` (the name its certificate is for) with `query`.
fn migrate_scratch_database(query: &str) -> Option<std::process::Output> {
    let server = test_postgres_with("sslmode=require")?;
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let name = format!("portcullis_tls_{}", uuid::Uuid::new_v4().simple());
    let admin = |statement: String| {
        let server = server.clone();
        runtime.block_on(async move {
            use sqlx::Connection;
            let mut connection = sqlx::PgConnection::connect(&server).await.unwrap();
            sqlx::query(&statement)
                .execute(&mut connection)
                .await
                .unwrap();
        })
    };
    admin(format!("CREATE DATABASE {name}"));
    let mut url = url::Url::parse(&server).unwrap();
    url.set_host(Some("localhost")).unwrap();
    url.set_path(&format!("/{name}"));
    url.set_query(Some(query));
    let dir = temp_dir();
    let output = portcullis(&dir)
        .env("DATABASE_URL", url.as_str())
        .arg("migrate")
        .output()
        .unwrap();
    admin(format!("DROP DATABASE {name} WITH (FORCE)"));
    std::fs::remove_dir_all(dir).unwrap();
    Some(output)
}

/// The certificate the test Postgres presents (self-signed: its own root).
fn test_postgres_certificate() -> Option<String> {
    let server = test_postgres_with("sslmode=require")?;
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(async move {
            use sqlx::Connection;
            let mut connection = sqlx::PgConnection::connect(&server).await.unwrap();
            sqlx::query_scalar("SHOW ssl_cert_file")
                .fetch_one(&mut connection)
                .await
                .ok()
        })
}

#[test]
fn postgres_verify_full_with_the_wrong_root_certificate_is_refused_with_a_clear_message() {
    let wrong_root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unrelated-ca.pem");
    let Some(output) = migrate_scratch_database(&format!(
        "sslmode=verify-full&sslrootcert={}",
        wrong_root.display()
    )) else {
        eprintln!("skipped: TEST_POSTGRES_URL is not set");
        return;
    };

    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot connect to the database over TLS: invalid peer certificate"),
        "{stderr}"
    );
    assert!(stderr.contains("sslrootcert"), "{stderr}");
}

#[test]
fn postgres_verify_full_with_the_servers_own_root_certificate_connects() {
    let Some(root) = test_postgres_certificate() else {
        eprintln!("skipped: TEST_POSTGRES_URL is not set");
        return;
    };
    let output =
        migrate_scratch_database(&format!("sslmode=verify-full&sslrootcert={root}")).unwrap();

    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn postgres_sslmode_require_connects_over_tls() {
    let Some(url) = test_postgres_with("sslmode=require") else {
        eprintln!("skipped: TEST_POSTGRES_URL is not set");
        return;
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();

    let ssl_in_use: bool = runtime.block_on(async {
        let db = portcullis::storage::Db::connect(&url).await.unwrap();
        sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(&db.pool)
            .await
            .unwrap()
    });

    assert!(ssl_in_use, "the connection is encrypted");
}

#[cfg(unix)]
#[tokio::test]
async fn backup_copies_a_live_database_under_writes_and_a_server_starts_on_the_copy() {
    let dir = temp_dir();
    let vars = [
        ("SECRET_KEY", STRONG_SECRET),
        ("ARGON2_MEMORY_KIB", "1024"),
        ("AUTH_RATE_LIMIT_PER_MINUTE", "10000"),
    ];
    let (mut child, address, _lines) = start_server_with(&dir, "info", &vars);
    let base = format!("http://{address}");
    let client = reqwest::Client::new();
    let sign_up = move |client: reqwest::Client, email: String| {
        let base = base.clone();
        async move {
            client
                .post(format!("{base}/rpc/auth/sign-up"))
                .form(&[
                    ("email", email.as_str()),
                    ("password", "Tangerine-Orbit-42!"),
                    ("first_name", "Ada"),
                    ("last_name", "Lovelace"),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(
        sign_up(client.clone(), "before@example.com".into()).await,
        200
    );
    // Sign-ups keep landing until the copy is made.
    let written = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let copied = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = tokio::spawn({
        let (client, written, copied) = (client.clone(), written.clone(), copied.clone());
        async move {
            let mut n = 0;
            while !copied.load(std::sync::atomic::Ordering::SeqCst) {
                if sign_up(client.clone(), format!("during-{n}@example.com")).await == 200 {
                    written.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
                n += 1;
            }
        }
    });
    while written.load(std::sync::atomic::Ordering::SeqCst) < 3 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let copy = dir.join("backups/copy.db");
    std::fs::create_dir_all(dir.join("backups")).unwrap();
    let written_before = written.load(std::sync::atomic::Ordering::SeqCst);
    let backup = tokio::process::Command::new(env!("CARGO_BIN_EXE_portcullis"))
        .current_dir(&dir)
        .env_clear()
        .envs(vars)
        .args(["backup", "--to", copy.to_str().unwrap()])
        .output()
        .await
        .unwrap();
    let written_after = written.load(std::sync::atomic::Ordering::SeqCst);
    copied.store(true, std::sync::atomic::Ordering::SeqCst);
    writer.await.unwrap();
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    // The copy is one moment's snapshot: every account finished before the
    // backup began, and none that was half written.
    let users_in_copy: i64 = {
        use sqlx::Connection;
        let mut copy_db =
            sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=ro", copy.display()))
                .await
                .unwrap();
        sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&mut copy_db)
            .await
            .unwrap()
    };
    let before_and_during = (written_before + 1) as i64..=(written_after + 2) as i64;
    assert!(
        before_and_during.contains(&users_in_copy),
        "{users_in_copy} accounts in the copy, {before_and_during:?} expected"
    );
    assert!(stop(&mut child).success());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "only the owner may read the copy");
    }
    let again = portcullis(&dir)
        .args(["backup", "--to", copy.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        !again.status.success(),
        "an existing file is never overwritten"
    );

    // A server on the copy, elsewhere, signs in an account made before it.
    let elsewhere = temp_dir();
    let copy_url = format!("sqlite://{}", copy.display());
    let (mut restored, address, _lines) = start_server_with(
        &elsewhere,
        "info",
        &[
            ("SECRET_KEY", STRONG_SECRET),
            ("DATABASE_URL", &copy_url),
            ("ARGON2_MEMORY_KIB", "1024"),
            ("AUTH_RATE_LIMIT_PER_MINUTE", "10000"),
        ],
    );
    let signed_in = reqwest::Client::new()
        .post(format!("http://{address}/api/auth/login"))
        .json(
            &serde_json::json!({"email": "before@example.com", "password": "Tangerine-Orbit-42!"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        signed_in.status(),
        200,
        "{}",
        signed_in.text().await.unwrap()
    );
    assert!(stop(&mut restored).success());
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::remove_dir_all(elsewhere).unwrap();
}

#[test]
fn backup_of_a_database_that_is_not_there_fails_and_creates_nothing() {
    let dir = temp_dir();

    let output = portcullis(&dir)
        .env("DATABASE_URL", "sqlite://mistyped/portcullis.db")
        .args(["backup", "--to", "copy.db"])
        .output()
        .unwrap();

    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot connect to the database"),
        "{stderr}"
    );
    assert!(
        !dir.join("mistyped").exists(),
        "no folder or database was made"
    );
    assert!(!dir.join("copy.db").exists());
    std::fs::remove_dir_all(dir).unwrap();
}
