//! The Portcullis server: configuration, storage, use cases and HTTP.

// The one exception, argon2's mapped working memory, says why it is sound.
#![deny(unsafe_code)]

pub mod account;
pub mod admin;
pub mod api;
pub mod cli;
pub mod config;
pub mod crypto;
pub mod domain;
pub mod http;
pub mod identity;
pub mod jobs;
pub mod mail;
pub mod monitoring;
pub mod oauth;
pub mod rate_limit;
pub mod startup;
pub mod storage;
pub mod telemetry;
pub mod tokens;
