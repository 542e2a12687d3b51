//! The shape of our TOML files, checked before any value is trusted.
//!
//! serde stops at the first unknown key or wrong type; `check` must report
//! every one. So each file format declares its keys here as data, and
//! [`walk`] visits the parsed document once, reporting every unknown key
//! (with a "did you mean"), every value of the wrong type and every missing
//! key, and recording where each value sits so that later semantic checks can
//! point at it. Only a document that passes is handed to serde.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, Lines, did_you_mean};

/// What a key may hold.
pub enum Kind {
    Str,
    Int,
    Bool,
    Date,
    /// A string from a closed list.
    OneOf(&'static [&'static str]),
    Array(&'static Kind),
    Table(&'static [Field]),
    /// An array of tables: `[[items]]`.
    Tables(&'static [Field]),
    /// A table whose keys are names chosen by the user: `[series.<name>]`.
    Map(&'static Kind),
}

/// One key of a table.
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

/// A key that may be left out.
pub const fn opt(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: false,
    }
}

/// A key that must be there.
pub const fn req(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: true,
    }
}

/// Where each value of a document sits, by path: `items[1].actions[0].id`.
#[derive(Debug, Default, Clone)]
pub struct Spans(HashMap<String, Range<usize>>);

impl Spans {
    pub fn get(&self, path: &str) -> Option<Range<usize>> {
        self.0.get(path).cloned()
    }
}

/// Checks `root` against `fields`, returning every problem and the spans.
/// `lines` is the document's text, its lines counted once for all problems.
pub fn walk(
    file: &Path,
    lines: &Lines<'_>,
    root: &Spanned<DeTable<'_>>,
    fields: &[Field],
) -> (Vec<Diagnostic>, Spans) {
    let mut walker = Walker {
        file,
        lines,
        problems: Vec::new(),
        spans: Spans::default(),
    };
    walker.table("", root.get_ref(), root.span(), fields);
    (walker.problems, walker.spans)
}

struct Walker<'a> {
    file: &'a Path,
    lines: &'a Lines<'a>,
    problems: Vec<Diagnostic>,
    spans: Spans,
}

impl Walker<'_> {
    fn table(&mut self, path: &str, table: &DeTable<'_>, span: Range<usize>, fields: &[Field]) {
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            let child = join(path, name);
            match fields.iter().find(|f| f.name == name) {
                Some(field) => self.value(&child, value, &field.kind),
                None => {
                    let mut d =
                        self.lines
                            .at(self.file, key.span(), format!("unknown key `{child}`"));
                    d = match did_you_mean(name, fields.iter().map(|f| f.name)) {
                        Some(close) => d.with_help(format!("did you mean `{close}`?")),
                        None => d.with_help(format!("the keys known here are: {}", names(fields))),
                    };
                    self.problems.push(d);
                }
            }
        }
        for field in fields.iter().filter(|f| f.required) {
            if !table
                .iter()
                .any(|(k, _)| k.get_ref().as_ref() == field.name)
            {
                let head = if path.is_empty() { 0..0 } else { span.clone() };
                let message = format!("missing key `{}`", join(path, field.name));
                self.problems
                    .push(self.lines.at(self.file, head, message).with_help(format!(
                        "add `{} = {}`",
                        field.name,
                        example(&field.kind)
                    )));
            }
        }
    }

    fn value(&mut self, path: &str, value: &Spanned<DeValue<'_>>, kind: &Kind) {
        let span = value.span();
        self.spans.0.insert(path.to_string(), span.clone());
        let ok = match (kind, value.get_ref()) {
            (Kind::Str, DeValue::String(_)) | (Kind::Bool, DeValue::Boolean(_)) => true,
            (Kind::Int, DeValue::Integer(i)) => {
                if i.as_str().parse::<u32>().is_err() || i.radix() != 10 {
                    self.error(
                        span.clone(),
                        format!("`{path}` must be a whole number from 0 up"),
                        None,
                    );
                }
                true
            }
            (Kind::Date, DeValue::Datetime(dt)) => {
                if dt.date.is_none() || dt.time.is_some() || dt.offset.is_some() {
                    self.error(
                        span.clone(),
                        format!("`{path}` must be a date without a time"),
                        Some("write it as 2025-01-28, unquoted"),
                    );
                }
                true
            }
            (Kind::Date, DeValue::String(s)) => {
                let help = format!("write the date unquoted: {}", s.as_ref());
                self.error(
                    span.clone(),
                    format!("`{path}` must be a TOML date, not a string"),
                    Some(&help),
                );
                true
            }
            (Kind::OneOf(allowed), DeValue::String(s)) => {
                if !allowed.contains(&s.as_ref()) {
                    let help = match did_you_mean(s, allowed.iter().copied()) {
                        Some(close) => format!("did you mean \"{close}\"?"),
                        None => format!("use one of: {}", allowed.join(", ")),
                    };
                    self.error(
                        span.clone(),
                        format!("`{path}` cannot be \"{s}\""),
                        Some(&help),
                    );
                }
                true
            }
            (Kind::Array(inner), DeValue::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    self.value(&format!("{path}[{i}]"), item, inner);
                }
                true
            }
            (Kind::Table(fields), DeValue::Table(table)) => {
                self.table(path, table, span.clone(), fields);
                true
            }
            (Kind::Tables(fields), DeValue::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let child = format!("{path}[{i}]");
                    match item.get_ref() {
                        DeValue::Table(table) => {
                            self.spans.0.insert(child.clone(), item.span());
                            self.table(&child, table, item.span(), fields);
                        }
                        _ => self.error(item.span(), format!("`{child}` must be a table"), None),
                    }
                }
                true
            }
            (Kind::Map(inner), DeValue::Table(table)) => {
                for (key, item) in table.iter() {
                    self.value(&join(path, key.get_ref()), item, inner);
                }
                true
            }
            _ => false,
        };
        if !ok {
            let found = value.get_ref().type_str();
            let help = format!("write it like `{} = {}`", leaf(path), example(kind));
            self.error(
                span,
                format!("`{path}` must be {}, not {found}", describe(kind)),
                Some(&help),
            );
        }
    }

    fn error(&mut self, span: Range<usize>, message: String, help: Option<&str>) {
        let mut d = self.lines.at(self.file, span, message);
        if let Some(help) = help {
            d = d.with_help(help);
        }
        self.problems.push(d);
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

fn leaf(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

fn names(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| format!("`{}`", f.name))
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe(kind: &Kind) -> &'static str {
    match kind {
        Kind::Str | Kind::OneOf(_) => "a string",
        Kind::Int => "a whole number",
        Kind::Bool => "true or false",
        Kind::Date => "a date",
        Kind::Array(_) => "an array",
        Kind::Table(_) | Kind::Map(_) => "a table",
        Kind::Tables(_) => "an array of tables",
    }
}

fn example(kind: &Kind) -> String {
    match kind {
        Kind::Str => "\"...\"".into(),
        Kind::OneOf(allowed) => format!("\"{}\"", allowed[0]),
        Kind::Int => "30".into(),
        Kind::Bool => "true".into(),
        Kind::Date => "2025-01-28".into(),
        Kind::Array(inner) => format!("[{}]", example(inner)),
        Kind::Table(_) | Kind::Map(_) => "{ ... }".into(),
        Kind::Tables(_) => "[{ ... }]".into(),
    }
}
