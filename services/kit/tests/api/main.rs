//! The standard plumbing, exercised through a small router against real servers.

mod auth;
mod broker;
mod consuming;
mod cors;
mod dead_letters;
mod errors;
mod health;
mod observability;
mod openapi;
mod support;
