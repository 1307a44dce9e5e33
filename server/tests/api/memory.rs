use crate::helpers::{STRONG_PASSWORD, spawn_app_with};

/// This process's resident memory, in bytes (Linux: /proc/self/statm).
fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4096
}

#[tokio::test]
async fn forty_sign_ups_at_the_production_hashing_cost_leave_resident_memory_flat() {
    // The production parameters: 19 MiB per hash, two at a time.
    let app = spawn_app_with(|settings| {
        settings.password_hashing.memory_kib = 19_456;
        settings.password_hashing.iterations = 2;
        settings.password_hashing.max_concurrent = 2;
    })
    .await;
    let response = app.sign_up("first@example.com", STRONG_PASSWORD).await;
    assert_eq!(response.status(), 200);
    let before = resident_bytes();

    for n in 0..40 {
        let response = app
            .sign_up(&format!("user-{n}@example.com"), STRONG_PASSWORD)
            .await;
        assert_eq!(response.status(), 200);
    }

    let after = resident_bytes();
    let grown_mib = after.saturating_sub(before) / (1024 * 1024);
    eprintln!(
        "resident: {} MiB before, {} MiB after",
        before / (1024 * 1024),
        after / (1024 * 1024)
    );
    assert!(
        grown_mib < 24,
        "resident memory grew by {grown_mib} MiB over 40 sign-ups (from {} MiB)",
        before / (1024 * 1024)
    );
}
