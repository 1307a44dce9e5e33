//! Everything between the socket and the handlers.

pub mod health;
pub mod middleware;
