mod health;
mod helpers;
mod pages;
mod security;
mod sessions;
mod sign_in;
mod sign_up;
