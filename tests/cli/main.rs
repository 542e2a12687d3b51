//! Integration tests of the `minutes` binary: one target, one module per area.

mod support;

mod bad_input;
mod concurrency;
mod dossier;
mod forge;
mod format;
mod generator;
mod groups;
mod history;
mod index;
mod merge_driver;
mod publish;
mod query;
mod render;
mod setup;
mod site;
mod sync;
mod sync_ssh;
mod terminal;
mod views;
mod workflow;
mod writes;
