//! Everything between the socket and the handlers (the accept loop in
//! `serve`), and the few plain HTTP
//! handlers outside the JSON API and the pages: health and the downloads.

pub mod anonymous_pages;
pub mod client_address;
pub mod downloads;
pub mod health;
pub mod language;
pub mod middleware;
pub mod serve;
