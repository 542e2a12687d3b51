//! Integration tests of the `minutes` binary: one target, one module per area.

mod support;

mod bad_input;
mod browser;
mod concurrency;
mod costly_input;
mod dossier;
mod forge;
mod format;
mod generator;
mod groups;
mod history;
mod hostile_read;
mod import;
mod index;
mod merge_driver;
mod publish;
mod query;
mod release;
mod render;
mod setup;
mod site;
mod sync;
mod sync_ssh;
mod terminal;
mod truthful;
mod views;
mod workflow;
mod writes;
