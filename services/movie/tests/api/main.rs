//! The movie service's HTTP API against a fresh PostgreSQL database per test.

mod admin;
mod catalog;
mod movies;
