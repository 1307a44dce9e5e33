//! A real SMTP server on a socket, for the tests: it accepts every message
//! and keeps it in memory, where the tests read it.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
    task::JoinHandle,
};

#[derive(Clone, Debug)]
pub struct ReceivedMail {
    pub recipients: Vec<String>,
    /// The message as sent, with quoted-printable soft breaks and escapes decoded.
    pub raw: String,
}

impl ReceivedMail {
    /// The 6-digit code after "code: " (text part, any case: "Ihr Code: ")
    /// in the message.
    pub fn code(&self) -> String {
        let start = self
            .raw
            .to_ascii_lowercase()
            .find("code: ")
            .expect("a code in the message")
            + 6;
        self.raw[start..start + 6].to_string()
    }

    /// The value of `token=` in the first link.
    pub fn token(&self) -> String {
        let start = self.raw.find("token=").expect("a link with a token") + 6;
        self.raw[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    }

    pub fn subject(&self) -> String {
        self.raw
            .lines()
            .find_map(|line| line.strip_prefix("Subject: "))
            .unwrap_or_default()
            .to_string()
    }
}

pub struct MailSink {
    pub port: u16,
    inbox: Arc<Mutex<Vec<ReceivedMail>>>,
    task: JoinHandle<()>,
}

impl Drop for MailSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl MailSink {
    pub async fn start() -> Self {
        Self::start_on(0).await
    }

    pub async fn start_on(port: u16) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let inbox = Arc::new(Mutex::new(Vec::new()));
        let task = tokio::spawn({
            let inbox = inbox.clone();
            async move {
                while let Ok((socket, _)) = listener.accept().await {
                    tokio::spawn(serve(socket, inbox.clone()));
                }
            }
        });
        Self { port, inbox, task }
    }

    pub fn received(&self) -> Vec<ReceivedMail> {
        self.inbox.lock().unwrap().clone()
    }

    /// Waits (up to 10 s) until `count` messages to `recipient` arrived.
    pub async fn wait_for(&self, recipient: &str, count: usize) -> Vec<ReceivedMail> {
        for _ in 0..200 {
            let messages: Vec<_> = self
                .received()
                .into_iter()
                .filter(|mail| mail.recipients.iter().any(|r| r == recipient))
                .collect();
            if messages.len() >= count {
                return messages;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "fewer than {count} messages to {recipient} arrived: {:?}",
            self.received()
        );
    }

    /// The newest message to `recipient`, once it arrived.
    pub async fn last_to(&self, recipient: &str, count: usize) -> ReceivedMail {
        self.wait_for(recipient, count).await.pop().unwrap()
    }
}

async fn serve(socket: tokio::net::TcpStream, inbox: Arc<Mutex<Vec<ReceivedMail>>>) {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    let _ = write.write_all(b"220 sink ESMTP\r\n").await;
    let mut recipients = Vec::new();
    while let Ok(Some(line)) = lines.next_line().await {
        let command = line.to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") {
            b"250-sink\r\n250 8BITMIME\r\n"
        } else if command.starts_with("RCPT TO:") {
            let address = line[8..].trim().trim_start_matches('<');
            let address = address.split('>').next().unwrap_or_default();
            recipients.push(address.to_string());
            b"250 OK\r\n"
        } else if command == "DATA" {
            let _ = write.write_all(b"354 go ahead\r\n").await;
            let mut data = String::new();
            while let Ok(Some(line)) = lines.next_line().await {
                if line == "." {
                    break;
                }
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
                data.push('\n');
            }
            inbox.lock().unwrap().push(ReceivedMail {
                recipients: std::mem::take(&mut recipients),
                raw: decode_quoted_printable(&data),
            });
            b"250 queued\r\n"
        } else if command == "QUIT" {
            let _ = write.write_all(b"221 bye\r\n").await;
            return;
        } else {
            b"250 OK\r\n"
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}

fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\n", "");
    let mut out = Vec::with_capacity(joined.len());
    let bytes = joined.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
