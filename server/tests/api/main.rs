mod health;
mod helpers;
mod json_api;
mod pages;
mod security;
mod sessions;
mod sign_in;
mod sign_up;
