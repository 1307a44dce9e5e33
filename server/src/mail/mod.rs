//! Mail. Requests never send: they write to the `email_outbox` table in the
//! transaction of the change that causes the message, and a background
//! worker delivers with retries (`worker.rs`) over SMTP or, with no SMTP
//! configured, into `.eml` files under the data directory.

use app::vocabulary::AuditAction;
pub mod templates;
mod transport;
mod worker;

pub use transport::Sender;
pub use worker::spawn_worker;

use crate::storage::{
    audit::{self, AuditEvent},
    outbox::{self, NewMail},
};
use sqlx::{Any, Transaction};
use std::sync::Arc;
use tokio::sync::Notify;

/// A message to queue: `templates` builds them.
pub struct Mail {
    pub recipient: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub purpose: &'static str,
}

/// Queues messages; shared by the use cases that send mail.
#[derive(Clone)]
pub struct Outbox {
    wake: Arc<Notify>,
}

impl Outbox {
    pub fn new() -> Self {
        Self {
            wake: Arc::new(Notify::new()),
        }
    }

    /// Writes the message in the caller's transaction: it is sent if and only
    /// if the transaction commits. Call `wake` after the commit.
    pub async fn queue(
        &self,
        tx: &mut Transaction<'_, Any>,
        mail: &Mail,
        user_id: Option<&str>,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        outbox::insert(
            tx,
            &NewMail {
                recipient: &mail.recipient,
                subject: &mail.subject,
                text_body: &mail.text,
                html_body: &mail.html,
                purpose: mail.purpose,
                user_id,
            },
            now,
        )
        .await?;
        audit::record(
            &mut **tx,
            &AuditEvent {
                user_id,
                action: AuditAction::MailQueued,
                ip: None,
                user_agent: None,
                success: true,
                reason: Some(mail.purpose),
                at: now,
            },
        )
        .await
    }

    /// Lets this instance's worker deliver at once instead of at its next poll.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    fn woken(&self) -> Arc<Notify> {
        self.wake.clone()
    }
}

impl Default for Outbox {
    fn default() -> Self {
        Self::new()
    }
}
