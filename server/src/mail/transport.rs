use crate::config::{MailSettings, MailTransport, SmtpTls};
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    transport::smtp::authentication::Credentials,
};
use secrecy::ExposeSecret;
use std::{path::PathBuf, time::Duration};

/// Where messages go.
#[derive(Clone)]
pub enum Sender {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        address: String,
    },
    Files(PathBuf),
}

impl Sender {
    pub fn new(settings: &MailSettings) -> anyhow::Result<Self> {
        Ok(match &settings.transport {
            MailTransport::Smtp(smtp) => {
                let builder = match smtp.tls {
                    SmtpTls::None => {
                        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host)
                    }
                    SmtpTls::StartTls => {
                        AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host)?
                    }
                    SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host)?,
                };
                let mut builder = builder
                    .port(smtp.port)
                    .timeout(Some(Duration::from_secs(20)));
                if let (Some(username), Some(password)) = (&smtp.username, &smtp.password) {
                    builder = builder.credentials(Credentials::new(
                        username.clone(),
                        password.expose_secret().to_string(),
                    ));
                }
                Sender::Smtp {
                    transport: builder.build(),
                    address: format!("{}:{}", smtp.host, smtp.port),
                }
            }
            MailTransport::Files(dir) => Sender::Files(dir.clone()),
        })
    }

    /// `smtp` or `files`, for the health check.
    pub fn kind(&self) -> &'static str {
        match self {
            Sender::Smtp { .. } => "smtp",
            Sender::Files(_) => "files",
        }
    }

    /// Delivers one message. The error is a short description that names no
    /// secret (it is stored with the message and logged).
    pub async fn send(&self, id: i64, message: Message) -> Result<(), String> {
        match self {
            Sender::Smtp { transport, address } => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|error| format!("SMTP delivery to {address} failed: {error}")),
            Sender::Files(dir) => {
                // Named by the time it was written, for people reading the folder.
                let written_at = app::clock::Clock::system().now();
                let path = dir.join(format!("{written_at}-{id}.eml"));
                let written = async {
                    tokio::fs::create_dir_all(dir).await?;
                    tokio::fs::write(&path, message.formatted()).await
                };
                written
                    .await
                    .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
                tracing::info!(path = %path.display(), "no SMTP configured: mail written to a file");
                Ok(())
            }
        }
    }
}
