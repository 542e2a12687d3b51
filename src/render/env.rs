//! The minijinja environment: strict, bounded, and fed only by templates.
//!
//! Undefined values are errors; a render has a fixed amount of fuel, so a
//! template that loops without end stops with an error; the loader serves
//! template names only (see `templates`), so `include` cannot read files
//! outside the archive's `templates/`. Errors name the template, the line
//! and the column.
//!
//! In HTML, `say` escapes the phrase and each value itself and gives back
//! safe markup, so that a value already marked up (a fragment in another
//! language, `in_lang`) keeps its tags inside a sentence.

use std::sync::Arc;

use minijinja::value::{Kwargs, Value};
use minijinja::{AutoEscape, Environment, ErrorKind, HtmlEscape, UndefinedBehavior};

use crate::error::Error;

use super::Format;
use super::markdown;
use super::phrases::Phrases;
use super::templates::Templates;

/// Instructions a render may take. Each built-in render of a sample meeting
/// takes under 1,500; this leaves room for meetings a thousand times larger,
/// and stops a runaway loop after a fraction of a second.
pub const FUEL: u64 = 2_000_000;

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
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env
}

/// An environment that renders in `format` with `phrases`.
pub fn new(templates: &Templates, phrases: Phrases, format: Format) -> Environment<'static> {
    let mut env = base();
    let source = templates.clone();
    env.set_loader(move |name| {
        source
            .source(name)
            .map_err(|e| minijinja::Error::new(ErrorKind::InvalidOperation, e.to_string()))
    });
    env.add_filter("markdown", move |notes: &str| match format {
        Format::Html => Value::from_safe_string(markdown::to_html(notes)),
        Format::Md => Value::from(notes.trim()),
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
    env
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
            "the template did too much work (a loop that does not end?); simplify it"
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
