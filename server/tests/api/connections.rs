//! Connection hygiene, over raw TCP as an attacker would hold connections:
//! slow headers are cut off, open connections are capped, and a refused
//! body's 413 reaches the client.

use crate::helpers::spawn_app_with;
use std::time::Duration;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
    time::timeout,
};

async fn connect(address: &str) -> TcpStream {
    TcpStream::connect(address.trim_start_matches("http://"))
        .await
        .unwrap()
}

/// Everything the server sends until it closes the connection, or `None` if
/// it neither answers nor closes within `wait`.
async fn read_until_closed(stream: &mut TcpStream, wait: Duration) -> Option<String> {
    let mut received = Vec::new();
    let read = timeout(wait, async {
        let mut buffer = [0u8; 4096];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await;
    read.ok()
        .map(|()| String::from_utf8_lossy(&received).into_owned())
}

#[tokio::test]
async fn a_client_that_sends_its_headers_too_slowly_is_disconnected() {
    let app =
        spawn_app_with(|settings| settings.header_read_timeout = Duration::from_secs(1)).await;
    let mut slow = connect(&app.address).await;
    slow.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();

    let closed = read_until_closed(&mut slow, Duration::from_secs(5)).await;

    assert!(closed.is_some(), "the connection is still open");
    assert!(!closed.unwrap().contains("200 OK"));
}

#[tokio::test]
async fn an_idle_connection_is_closed_after_the_header_timeout() {
    let app =
        spawn_app_with(|settings| settings.header_read_timeout = Duration::from_secs(1)).await;
    let mut idle = connect(&app.address).await;

    assert_eq!(
        read_until_closed(&mut idle, Duration::from_secs(5)).await,
        Some(String::new())
    );
}

#[tokio::test]
async fn connections_beyond_max_connections_wait_until_one_closes() {
    let app = spawn_app_with(|settings| settings.max_connections = 2).await;
    let first = connect(&app.address).await;
    let second = connect(&app.address).await;
    // Both accepted before the third arrives.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut third = connect(&app.address).await;
    third
        .write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();

    let while_full = read_until_closed(&mut third, Duration::from_millis(500)).await;
    drop(first);
    let after_one_closed = read_until_closed(&mut third, Duration::from_secs(5)).await;

    assert_eq!(while_full, None, "answered beyond the cap");
    assert!(after_one_closed.unwrap().starts_with("HTTP/1.1 200"));
    drop(second);
}

#[tokio::test]
async fn a_body_over_the_limit_always_gets_its_413() {
    let app = spawn_app_with(|_| {}).await;
    let body = vec![b'x'; 1024 * 1024];

    for _ in 0..10 {
        let mut stream = connect(&app.address).await;
        let head = format!(
            "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        // Written in the background, as a client streams a large upload.
        let (mut read, mut write) = stream.into_split();
        let body = body.clone();
        let upload = tokio::spawn(async move {
            let _ = write.write_all(&body).await;
            write
        });
        let mut answer = Vec::new();
        let _ = timeout(Duration::from_secs(10), read.read_to_end(&mut answer)).await;
        let _ = upload.await;

        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer:?}");
        assert!(answer.contains("PAYLOAD_TOO_LARGE"), "{answer}");
    }
}
