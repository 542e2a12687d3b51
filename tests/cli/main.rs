//! Integration tests of the `minutes` binary: one target, one module per area.

mod support;

mod bad_input;
mod costly_input;
mod dossier;
mod generator;
mod history;
mod hostile_read;
mod index;
mod query;
mod render;
mod truthful;
mod workflow;
