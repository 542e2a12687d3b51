//! The minijinja environment: strict, bounded, and fed only by templates.
//!
//! Undefined values are errors; values are escaped by the template's format
//! (HTML in `.html`, Markdown in `.md`: see `markdown::escape`); a render has
//! a bounded amount of fuel, so a template that loops without end stops with
//! an error; the loader serves
//! template names only (see `templates`), so `include` cannot read files
//! outside the archive's `templates/`. Errors name the template, the line
//! and the column.
//!
//! In HTML, `say` escapes the phrase and each value itself and gives back
//! safe markup, so that a value already marked up (a fragment in another
//! language, `in_lang`) keeps its tags inside a sentence.

use std::path::Path;
use std::sync::{Arc, Mutex};

use minijinja::value::{Kwargs, Value};
use minijinja::{AutoEscape, Environment, ErrorKind, HtmlEscape, UndefinedBehavior};

use crate::error::Error;

use super::Format;
use super::markdown;
use super::phrases::Phrases;
use super::templates::Templates;

/// Instructions any render may take, whatever its input: a template that
/// loops without end stops after a fraction of a second.
pub const FUEL: u64 = 2_000_000;

/// Instructions a render may take in addition per value of its input. The
/// built-in templates take about 5 per value, so that a large meeting never
/// runs out: running out means that the template loops.
pub const FUEL_PER_VALUE: u64 = 100;

/// The most values (strings, numbers, list entries) a report may be made
/// of. A year of weekly minutes holds some 10,000; a larger input is refused
/// before the template runs, with a message that says so.
pub const MAX_VALUES: usize = 250_000;

/// The settings every environment shares: strict, bounded, escaped by name.
/// Enough to compile a template (`check` does).
pub fn base() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_debug(true);
    env.set_recursion_limit(64);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .unwrap_or_default(),
    );
    env.set_auto_escape_callback(|name| {
        // An included template's name is written by the template's author:
        // `page.HTML` escapes as `page.html` does.
        let is = |ext: &str| {
            Path::new(name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(ext))
        };
        if is("html") {
            AutoEscape::Html
        } else if is("md") {
            AutoEscape::Custom(MARKDOWN.into())
        } else {
            AutoEscape::None
        }
    });
    // Values printed into Markdown are escaped as HTML values are in pages,
    // so that a title cannot carry `<script>` into a site built from it.
    env.set_formatter(|out, state, value| {
        let markdown = matches!(state.auto_escape(), AutoEscape::Custom(name) if name == MARKDOWN);
        if markdown && !value.is_safe() {
            let text = value.to_string();
            out.write_str(&markdown::escape(&text))
                .map_err(minijinja::Error::from)
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env
}

/// The auto-escape of `.md` templates.
const MARKDOWN: &str = "markdown";

/// The first template file the loader could not read (a link, a file too
/// large...): its own error names the file and says how to fix it, where
/// minijinja would report it against the template that included it.
#[derive(Clone, Default)]
pub struct Unread(Arc<Mutex<Option<Error>>>);

impl Unread {
    pub fn take(&self) -> Option<Error> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }

    /// A name that is not a template name stays minijinja's error, which
    /// points at the `include` that wrote it.
    fn keep(&self, error: Error) -> minijinja::Error {
        let message = error.to_string();
        if !matches!(error, Error::Usage { .. }) {
            if let Ok(mut slot) = self.0.lock() {
                slot.get_or_insert(error);
            }
        }
        minijinja::Error::new(ErrorKind::InvalidOperation, message)
    }
}

/// An environment that renders in `format` with `phrases` an input of
/// `values` values, and where the loader leaves what it could not read.
pub fn new(
    templates: &Templates,
    phrases: Phrases,
    format: Format,
    values: usize,
) -> (Environment<'static>, Unread) {
    let mut env = base();
    env.set_fuel(Some(FUEL + FUEL_PER_VALUE * values as u64));
    let source = templates.clone();
    let unread = Unread::default();
    let keep = unread.clone();
    env.set_loader(move |name| source.source(name).map_err(|e| keep.keep(e)));
    env.add_filter("markdown", move |notes: &str| match format {
        Format::Html => Value::from_safe_string(markdown::to_html(notes)),
        Format::Md => Value::from_safe_string(markdown::sanitize(notes.trim())),
        Format::Txt => Value::from(markdown::to_text(notes, markdown::WIDTH)),
    });
    env.add_filter("wrap", |text: &str, kwargs: Kwargs| {
        let width = kwargs
            .get::<Option<usize>>("width")?
            .unwrap_or(markdown::WIDTH);
        let indent = kwargs.get::<Option<&str>>("indent")?.unwrap_or("");
        kwargs.assert_all_used()?;
        Ok::<_, minijinja::Error>(markdown::wrap(text, width, "", indent))
    });
    env.add_filter("underline", |text: &str, with: Option<&str>| {
        with.unwrap_or("=").repeat(text.chars().count())
    });
    env.add_filter("capital", |text: &str| super::phrases::capital(text));
    // A fragment in another language than the page's: in HTML a span that
    // says so; elsewhere the text as it is.
    env.add_filter("in_lang", move |text: Value, lang: Option<&str>| {
        match (format, lang) {
            (Format::Html, Some(lang)) if !lang.is_empty() => {
                let inner = if text.is_safe() {
                    text.to_string()
                } else {
                    HtmlEscape(&text.to_string()).to_string()
                };
                Value::from_safe_string(format!(
                    "<span lang=\"{}\">{inner}</span>",
                    HtmlEscape(lang)
                ))
            }
            _ => text,
        }
    });
    let phrases = Arc::new(phrases);
    env.add_function("say", move |key: &str, kwargs: Kwargs| {
        let html = format == Format::Html;
        let value = |name: &str| {
            let value = kwargs.get::<Option<Value>>(name).ok().flatten();
            value.map(|v| match html && !v.is_safe() {
                true => HtmlEscape(&v.to_string()).to_string(),
                false => v.to_string(),
            })
        };
        let filled = if html {
            phrases.fill_escaped(key, value)
        } else {
            phrases.fill(key, value)
        };
        let filled = filled
            .map_err(|message| minijinja::Error::new(ErrorKind::InvalidOperation, message))?;
        Ok::<_, minijinja::Error>(if html {
            Value::from_safe_string(filled)
        } else {
            Value::from(filled)
        })
    });
    (env, unread)
}

/// A template error in the user's words: where, what, and for which report
/// (`what`: "meeting 2025-01-28", "the dossier of `congo`").
pub fn error(e: &minijinja::Error, templates: &Templates, what: &str) -> Error {
    // An error inside an included template is the source of the outer one.
    let mut inner = e;
    while let Some(next) =
        std::error::Error::source(inner).and_then(|s| s.downcast_ref::<minijinja::Error>())
    {
        inner = next;
    }
    let name = inner.name().unwrap_or("template");
    let mut place = templates.shown(name);
    if let Some(line) = inner.line() {
        place.push_str(&format!(":{line}"));
        let column = inner
            .template_source()
            .zip(inner.range())
            .map(|(src, range)| column(src, range.start));
        if let Some(col) = column {
            place.push_str(&format!(":{col}"));
        }
    }
    let problem = match inner.detail() {
        Some(detail) => format!("{}: {detail}", inner.kind()),
        None => inner.kind().to_string(),
    };
    let help = match inner.kind() {
        ErrorKind::UndefinedError => {
            "the template uses a value that does not exist; check its spelling, and test optional values with `{% if ... %}`"
        }
        ErrorKind::OutOfFuel => {
            "the template did far more work than its input needs (a loop that does not end?); simplify it"
        }
        ErrorKind::TemplateNotFound => "`minutes templates list` shows the templates that exist",
        _ => "fix the template; `minutes templates list` shows where each template comes from",
    };
    Error::failed(format!("{place}: {problem} (while rendering {what})")).with_help(help)
}

/// The 1-based column (in characters) of byte `offset` in `source`.
pub fn column(source: &str, offset: usize) -> usize {
    let offset = offset.min(source.len());
    let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    source[start..offset].chars().count() + 1
}
