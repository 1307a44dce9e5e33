//! The database lookup behind every Bearer request, with the lookups of
//! requests waiting at the same moment made in one query.
//!
//! Every Bearer request reads its sign-in and account from the database,
//! so that a sign-out, a deactivation or a password change takes effect at
//! once on every instance. On Postgres that round trip, not the query, is
//! most of a request's cost: the database's processes woken, TLS both ways.
//! So a few lookups run at a time, and whatever requests arrive while they
//! run are answered together by the next one. No answer is older than the
//! request: each lookup starts after its request has asked. A lone request
//! is looked up at once, as before.

use crate::storage::{Db, refresh_tokens::CallerState};
use std::{collections::HashMap, sync::Arc};
use tokio::sync::{Mutex, mpsc, oneshot};

/// Lookups running at once, each holding a connection while it runs. Fewer
/// make bigger batches: on Postgres, 16 connections' Bearer calls measured
/// 7,692 and 9,548/s with one, 6,792 and 8,941/s with two, 5,917 and 7,432/s
/// with four, and 4,734 to 4,806/s with one query per request (run C in
/// docs/benchmarks.md). Two, so that one slow query does not hold up every
/// Bearer request.
const LOOKUPS_AT_ONCE: usize = 2;
/// The most families one query asks for.
const MOST_PER_QUERY: usize = 32;

type Answer = Result<Option<CallerState>, sqlx::Error>;

struct Request {
    family_id: String,
    answer: oneshot::Sender<Answer>,
}

#[derive(Clone)]
pub struct CallerLookups {
    requests: mpsc::Sender<Request>,
}

impl CallerLookups {
    /// Starts the lookups on the current tokio runtime; they end when the
    /// last `CallerLookups` is dropped.
    pub fn start(db: Db) -> Self {
        let (requests, waiting) = mpsc::channel(1024);
        let waiting = Arc::new(Mutex::new(waiting));
        for _ in 0..LOOKUPS_AT_ONCE {
            tokio::spawn(look_up(db.clone(), waiting.clone()));
        }
        Self { requests }
    }

    /// The state of the family `family_id` as the database holds it now.
    pub async fn get(&self, family_id: &str) -> Answer {
        let (answer, answered) = oneshot::channel();
        let request = Request {
            family_id: family_id.to_string(),
            answer,
        };
        let stopped = || sqlx::Error::PoolClosed;
        self.requests.send(request).await.map_err(|_| stopped())?;
        answered.await.map_err(|_| stopped())?
    }
}

/// One of the lookups: takes every request waiting (up to
/// `MOST_PER_QUERY`), answers them with one query, and again.
async fn look_up(db: Db, waiting: Arc<Mutex<mpsc::Receiver<Request>>>) {
    loop {
        let mut batch = Vec::new();
        {
            let mut waiting = waiting.lock().await;
            if waiting.recv_many(&mut batch, MOST_PER_QUERY).await == 0 {
                return;
            }
        }
        // Requests whose client went away need no answer.
        batch.retain(|request| !request.answer.is_closed());
        let mut family_ids: Vec<&str> = batch.iter().map(|r| r.family_id.as_str()).collect();
        family_ids.sort_unstable();
        family_ids.dedup();
        let found = crate::storage::refresh_tokens::caller_states(&db.pool, &family_ids).await;
        match found {
            Ok(states) => {
                let states: HashMap<String, CallerState> = states
                    .into_iter()
                    .map(|state| (state.family.family_id.clone(), state))
                    .collect();
                for request in batch {
                    let state = states.get(&request.family_id).cloned();
                    let _ = request.answer.send(Ok(state));
                }
            }
            Err(error) => {
                // Each request fails as its own query would have (and its
                // error is logged with it); sqlx's errors cannot be cloned.
                let error = error.to_string();
                for request in batch {
                    let failed = sqlx::Error::Protocol(format!("looking up the caller: {error}"));
                    let _ = request.answer.send(Err(failed));
                }
            }
        }
    }
}
