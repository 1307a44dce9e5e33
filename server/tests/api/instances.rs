//! Several Portcullis instances in one process, on a runtime with several
//! threads, as production serves many requests at once.

use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starting_another_instance_never_stalls_the_pages_of_one_already_serving() {
    let app = spawn_app().await;
    let pages = async {
        for _ in 0..300 {
            let page = app.get_page("/login").await;
            assert_eq!(page.status(), 200);
            // Rendered in full: the page waited for its data and got it.
            assert!(page.text().await.unwrap().contains("</html>"));
        }
    };
    let starts = async {
        for _ in 0..12 {
            let mut other = spawn_app().await;
            other.stop().await;
        }
    };
    tokio::join!(pages, starts);
}

/// A Portcullis server process started from the built binary, as production
/// runs several behind a load balancer.
struct ServerProcess {
    address: String,
    _child: tokio::process::Child,
    _data_dir: tempdir::Removed,
}

mod tempdir {
    /// Removes its folder when dropped.
    pub struct Removed(pub std::path::PathBuf);
    impl Drop for Removed {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

impl ServerProcess {
    async fn start(database_url: &str, requests_per_minute: u32) -> Self {
        let port = crate::helpers::free_port();
        let address = format!("http://127.0.0.1:{port}");
        let data_dir = std::env::temp_dir().join(format!("portcullis-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&data_dir).unwrap();
        let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_portcullis"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("DATABASE_URL", database_url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("PUBLIC_URL", &address)
            .env("SECRET_KEY", crate::helpers::TEST_SECRET_KEY)
            .env("DATA_DIR", &data_dir)
            .env(
                "AUTH_RATE_LIMIT_PER_MINUTE",
                requests_per_minute.to_string(),
            )
            .env("ARGON2_MEMORY_KIB", "1024")
            .env("ARGON2_ITERATIONS", "1")
            .env("RUST_LOG", "warn")
            // No .env file is found from here.
            .current_dir(&data_dir)
            .stdout(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("the server binary starts");
        let process = Self {
            address,
            _child: child,
            _data_dir: tempdir::Removed(data_dir),
        };
        for _ in 0..300 {
            let health = crate::helpers::client()
                .get(format!("{}/api/health", process.address))
                .send()
                .await;
            if health.is_ok_and(|response| response.status() == 200) {
                return process;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the server process did not become healthy");
    }

    async fn login(&self, email: &str, password: &str) -> u16 {
        crate::helpers::client()
            .post(format!("{}/api/auth/login", self.address))
            .json(&serde_json::json!({ "email": email, "password": password }))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }
}

#[tokio::test]
async fn two_server_processes_on_one_database_share_one_lockout_and_one_client_budget() {
    const ADA: &str = "ada@example.com";
    const WRONG: &str = "Wrong-Password-1!";
    let app = spawn_app().await;
    app.create_account(ADA).await;
    let one = ServerProcess::start(&app.database_url, 8).await;
    let two = ServerProcess::start(&app.database_url, 8).await;
    let alternate = |n: usize| if n.is_multiple_of(2) { &one } else { &two };

    let mut wrong = Vec::new();
    for n in 0..5 {
        wrong.push(alternate(n).login(ADA, WRONG).await);
    }
    let right_after_the_lock = two.login(ADA, crate::helpers::STRONG_PASSWORD).await;
    let mut stuffing = Vec::new();
    for n in 0..4 {
        stuffing.push(
            alternate(n)
                .login(&format!("victim{n}@example.com"), WRONG)
                .await,
        );
    }

    assert_eq!(wrong, [401, 401, 401, 401, 423], "one lockout across both");
    assert_eq!(right_after_the_lock, 423);
    // Six requests spent; the budget of eight is shared.
    assert_eq!(stuffing, [401, 401, 429, 429], "one budget across both");
}
