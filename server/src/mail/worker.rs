//! Delivers the outbox: due messages are claimed (so several instances can
//! run workers side by side), sent, and marked sent, or rescheduled with an
//! exponential backoff until `MAIL_MAX_ATTEMPTS`, then marked failed. A
//! message claimed by a process that died is picked up again when its claim
//! runs out.

use super::{Outbox, Sender};
use crate::{
    config::MailSettings,
    storage::{
        Db,
        audit::{self, AuditEvent},
        outbox::ClaimedMail,
    },
};
use app::{clock::Clock, vocabulary::AuditAction};
use lettre::{
    Message,
    message::{Mailbox, MultiPart},
};
use std::time::Duration;
use tokio::task::JoinHandle;

/// How long a claim lasts: longer than any one delivery takes.
const CLAIM_SECONDS: i64 = 120;
const BATCH: i64 = 20;

pub fn spawn_worker(
    db: Db,
    outbox: &Outbox,
    sender: Sender,
    settings: MailSettings,
    clock: Clock,
) -> anyhow::Result<JoinHandle<()>> {
    let worker = Worker {
        from: settings.from.parse()?,
        db,
        sender,
        settings,
        clock,
    };
    let wake = outbox.woken();
    Ok(tokio::spawn(async move {
        loop {
            if let Err(error) = worker.deliver_due().await {
                tracing::warn!(%error, "the mail worker could not read the outbox");
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(worker.settings.poll_interval) => {}
            }
        }
    }))
}

struct Worker {
    db: Db,
    sender: Sender,
    from: Mailbox,
    settings: MailSettings,
    clock: Clock,
}

impl Worker {
    async fn deliver_due(&self) -> Result<(), sqlx::Error> {
        loop {
            let batch = crate::storage::outbox::claim_due_mail(
                self.db.writer(),
                self.clock.now(),
                CLAIM_SECONDS,
                BATCH,
            )
            .await?;
            if batch.is_empty() {
                return Ok(());
            }
            for mail in batch {
                self.deliver(mail).await?;
            }
        }
    }

    async fn deliver(&self, mail: ClaimedMail) -> Result<(), sqlx::Error> {
        let (db, settings) = (&self.db, &self.settings);
        let result = match message(&self.from, &mail) {
            Ok(message) => self.sender.send(mail.id, message).await,
            Err(error) => Err(error),
        };
        let now = self.clock.now();
        let (action, success, reason) = match result {
            Ok(()) => {
                crate::storage::outbox::mark_mail_sent(db.writer(), mail.id, now).await?;
                (AuditAction::MailSent, true, mail.purpose.clone())
            }
            Err(error) => {
                let give_up = mail.attempts >= i64::from(settings.max_attempts);
                let retry_at =
                    (!give_up).then(|| now + backoff(settings.retry_base, mail.attempts));
                tracing::warn!(
                    mail_id = mail.id,
                    attempt = mail.attempts,
                    give_up,
                    %error,
                    "mail delivery failed"
                );
                crate::storage::outbox::mark_mail_failed(db.writer(), mail.id, &error, retry_at)
                    .await?;
                let action = if give_up {
                    AuditAction::MailFailed
                } else {
                    AuditAction::MailRetry
                };
                (
                    action,
                    false,
                    format!("{}: attempt {}", mail.purpose, mail.attempts),
                )
            }
        };
        audit::record(
            db.writer(),
            &AuditEvent {
                user_id: mail.user_id.as_deref(),
                action,
                ip: None,
                user_agent: None,
                success,
                reason: Some(&reason),
                at: now,
            },
        )
        .await
    }
}

/// The wait after attempt `attempt` (1-based): base, 2×base, 4×base, …
fn backoff(base: Duration, attempt: i64) -> i64 {
    let doublings = u32::try_from(attempt.saturating_sub(1))
        .unwrap_or(0)
        .min(16);
    (base.as_secs() as i64).max(1) * (1i64 << doublings)
}

fn message(from: &Mailbox, mail: &ClaimedMail) -> Result<Message, String> {
    let to: Mailbox = mail
        .recipient
        .parse()
        .map_err(|_| "the recipient is not a valid address".to_string())?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&mail.subject)
        .multipart(MultiPart::alternative_plain_html(
            mail.text_body.clone(),
            mail.html_body.clone(),
        ))
        .map_err(|error| format!("cannot build the message: {error}"))
}

#[cfg(test)]
mod tests {
    use super::backoff;
    use std::time::Duration;

    #[test]
    fn five_tries_with_the_default_base_span_about_an_hour() {
        let base = Duration::from_secs(240);
        let waits: Vec<i64> = (1..=4).map(|attempt| backoff(base, attempt)).collect();
        assert_eq!(waits, [240, 480, 960, 1920]);
        assert_eq!(waits.iter().sum::<i64>(), 3600);
    }
}
