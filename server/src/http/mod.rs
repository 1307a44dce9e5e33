//! Everything between the socket and the handlers, and the few plain HTTP
//! handlers outside the JSON API and the pages: health and the downloads.

pub mod client_address;
pub mod downloads;
pub mod health;
pub mod middleware;
