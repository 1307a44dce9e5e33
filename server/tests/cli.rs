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
    let mut child = portcullis(dir)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", log_level)
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
