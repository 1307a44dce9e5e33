//! Transactions whose request goes away while they begin (a client hanging
//! up, a timeout) must not leave a connection inside a transaction: on
//! SQLite every write goes through one connection.

use crate::helpers::{STRONG_PASSWORD, spawn_app};
use std::time::Duration;

#[tokio::test]
async fn transactions_abandoned_while_they_begin_leave_the_database_writable() {
    let app = spawn_app().await;

    for round in 0..300u64 {
        // Dropped wherever BEGIN had got to: waiting for the connection,
        // sent, or done but not yet answered.
        let _ = tokio::time::timeout(Duration::from_micros(round % 60), app.db.begin()).await;
    }

    let mut tx = tokio::time::timeout(Duration::from_secs(10), app.db.begin())
        .await
        .expect("a transaction begins")
        .expect("and without an error");
    sqlx::query("SELECT 1").execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
    let response = app.sign_up("after@example.com", STRONG_PASSWORD).await;
    assert_eq!(response.status(), 200);
}
