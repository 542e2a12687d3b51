//! Rendering a meeting, or the dossier of a tag, into a report through a
//! template.
//!
//! The only module that touches minijinja. A render picks the template
//! `<kind>.<format>` (the archive's file, else the built-in), the phrase table
//! of the readers' language, and the meetings in that language (their
//! overlays where there are some); it returns the whole text or an error,
//! never a part.

mod builtin;
mod context;
mod dossier;
mod env;
pub mod markdown;
pub mod phrases;
pub mod templates;

use std::collections::BTreeSet;
use std::path::Path;
use std::str::FromStr;

use serde::Serialize;

use crate::archive::{Archive, Loaded, Record};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::id::{Lang, MeetingId};
use crate::meeting::Meeting;
use crate::query;

pub use templates::{Origin, Templates};

/// The output formats; templates are named after them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Md,
    Html,
    Txt,
}

impl Format {
    pub const NAMES: &'static [&'static str] = &["md", "html", "txt"];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(name: &str) -> Result<Format> {
        match name {
            "md" => Ok(Format::Md),
            "html" => Ok(Format::Html),
            "txt" => Ok(Format::Txt),
            _ => Err(Error::usage(format!("there is no format `{name}`"))
                .with_help(format!("the formats are: {}", Self::NAMES.join(", ")))),
        }
    }
}

/// The kind of report, the first half of a template's name
/// `<kind>.<format>`: a built-in kind, or one that only the archive's
/// `templates/` folder provides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Template {
    Article,
    Minutes,
    Agenda,
    /// The page of a tag rather than of a meeting.
    Dossier,
    /// A name of letters, digits, `-` and `_`; whether the archive has such a
    /// template is known only when it is rendered.
    Own(String),
}

impl Template {
    pub const BUILT_IN: &'static [&'static str] = &["article", "minutes", "agenda", "dossier"];

    pub fn name(&self) -> &str {
        match self {
            Template::Article => "article",
            Template::Minutes => "minutes",
            Template::Agenda => "agenda",
            Template::Dossier => "dossier",
            Template::Own(name) => name,
        }
    }
}

impl FromStr for Template {
    type Err = Error;

    fn from_str(name: &str) -> Result<Template> {
        Ok(match name {
            "article" => Template::Article,
            "minutes" => Template::Minutes,
            "agenda" => Template::Agenda,
            "dossier" => Template::Dossier,
            // Partials (`_base`) are parts of templates, not reports.
            _ if !name.is_empty()
                && !name.starts_with('_')
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
            {
                Template::Own(name.to_string())
            }
            _ => {
                return Err(Error::usage(format!("there is no template `{name}`")).with_help(
                    format!(
                        "the built-in templates are {}; an archive adds its own as templates/<kind>.<format>, \
                         <kind> of letters, digits, `-` and `_`",
                        Self::BUILT_IN.join(", ")
                    ),
                ));
            }
        })
    }
}

/// What to render.
#[derive(Clone, Debug)]
pub struct Request {
    /// The kind of report.
    pub kind: Template,
    pub format: Format,
    /// The readers' language (default: the archive's).
    pub lang: Option<Lang>,
    /// Leave private items out (an article always does).
    pub public: bool,
}

/// Renders `record` as `request` asks; the whole text, or an error.
pub fn render(archive: &Archive, record: &Record, request: &Request) -> Result<String> {
    let frame = Frame::new(archive, request)?;
    let (meeting, translator) = in_language(archive, &record.id, &record.meeting, &frame.lang)?;
    let input = context::Input {
        archive,
        id: &record.id,
        meeting: &meeting,
        phrases: &frame.phrases,
        format: request.format.as_str(),
        translator,
        public: request.public || request.kind == Template::Article,
        discussed_only: request.kind == Template::Article,
    };
    let context = context::build(&input)?;
    frame.render(&context, &format!("meeting {}", record.id))
}

/// Renders the dossier of `tag` over `records` (the whole archive) as
/// `request` asks: its public items only, each meeting in the readers'
/// language where it has an overlay. `None` when no public item carries the
/// tag.
pub fn render_dossier(
    archive: &Archive,
    records: &[Loaded],
    tag: &str,
    request: &Request,
) -> Result<Option<String>> {
    let frame = Frame::new(archive, request)?;
    let wanted = query::text::fold(tag);
    let mut translators = BTreeSet::new();
    let mut public = Vec::with_capacity(records.len());
    for record in records {
        let mut meeting = record.meeting.clone();
        meeting.items.retain(|i| !i.private);
        // Only the meetings on the page are translated, so that a broken
        // overlay elsewhere does not stop the dossier; the others still
        // count for the status of the actions.
        let on_page = meeting
            .items
            .iter()
            .any(|i| i.tags.iter().any(|t| query::text::fold(t) == wanted));
        if on_page {
            let (translated, translator) = in_language(archive, &record.id, &meeting, &frame.lang)?;
            meeting = translated;
            translators.extend(translator);
        }
        public.push(Loaded {
            id: record.id.clone(),
            meeting,
        });
    }
    let today = archive.today()?;
    let Some(dossier) = query::dossier(&public, tag, today) else {
        return Ok(None);
    };
    let translators: Vec<String> = translators.into_iter().collect();
    let input = dossier::Input {
        archive,
        dossier: &dossier,
        phrases: &frame.phrases,
        format: request.format.as_str(),
        translator: (!translators.is_empty()).then(|| translators.join(", ")),
        today,
    };
    let context = dossier::build(&input)?;
    frame
        .render(&context, &format!("the dossier of `{}`", dossier.tag))
        .map(Some)
}

/// What every render shares: the template chosen, the readers' language
/// and its phrases.
struct Frame {
    templates: Templates,
    name: String,
    lang: Lang,
    phrases: phrases::Phrases,
    format: Format,
}

impl Frame {
    fn new(archive: &Archive, request: &Request) -> Result<Frame> {
        let templates = Templates::new(&archive.root);
        let name = template_name(&templates, &request.kind, request.format)?;
        let lang = request
            .lang
            .clone()
            .unwrap_or_else(|| archive.config.language());
        let phrases = phrases::Phrases::load(&templates, &lang)?;
        Ok(Frame {
            templates,
            name,
            lang,
            phrases,
            format: request.format,
        })
    }

    /// The template filled in with `context`; `what` names the report in
    /// errors ("meeting 2025-01-28").
    fn render(self, context: &impl Serialize, what: &str) -> Result<String> {
        let context = serde_json::to_value(context)
            .map_err(|e| Error::failed(format!("cannot prepare {what} for its template: {e}")))?;
        let values = count(&context);
        if values > env::MAX_VALUES {
            return Err(Error::failed(format!(
                "{what} is too large to render: it holds {values} values (texts, names, items, actions), more than the {} a report may hold",
                env::MAX_VALUES
            ))
            .with_help("minutes kept by hand are far smaller: check where this meeting came from, or split it into several"));
        }
        let (env, unread) = env::new(&self.templates, self.phrases, self.format, values);
        let failed = |e: minijinja::Error| {
            unread
                .take()
                .unwrap_or_else(|| env::error(&e, &self.templates, what))
        };
        let template = env.get_template(&self.name).map_err(failed)?;
        let text = template
            .render(minijinja::value::Value::from(minijinja::value::Serde(
                &context,
            )))
            .map_err(failed)?;
        Ok(text.trim_end().to_string() + "\n")
    }
}

/// How many values `value` is made of: the measure of a render's input.
fn count(value: &serde_json::Value) -> usize {
    use serde_json::Value;
    1 + match value {
        Value::Array(items) => items.iter().map(count).sum(),
        Value::Object(fields) => fields.values().map(count).sum(),
        _ => 0,
    }
}

/// `<kind>.<format>`, when such a template exists; else the choices.
fn template_name(templates: &Templates, kind: &Template, format: Format) -> Result<String> {
    let kind = kind.name();
    let name = format!("{kind}.{}", format.as_str());
    if templates.origin(&name).is_some() {
        return Ok(name);
    }
    let suffix = format!(".{}", format.as_str());
    let kinds: Vec<String> = templates
        .list()?
        .into_iter()
        .filter_map(|(n, _)| n.strip_suffix(&suffix).map(str::to_string))
        .filter(|k| !k.starts_with('_') && !k.contains('/'))
        .collect();
    Err(Error::usage(format!(
        "there is no template `{kind}` for the format {}",
        format.as_str()
    ))
    .with_help(format!(
        "the templates for {} are: {}",
        format.as_str(),
        kinds.join(", ")
    )))
}

/// The meeting as readers of `lang` see it, and the translator if any.
///
/// The overlay `<id>.<lang>.toml` is used when there is one; otherwise the
/// original text is framed in the language's phrases.
fn in_language(
    archive: &Archive,
    id: &MeetingId,
    meeting: &Meeting,
    lang: &Lang,
) -> Result<(Meeting, Option<String>)> {
    if *lang == archive.config.language() {
        return Ok((meeting.clone(), None));
    }
    Ok(match archive.translation(id, lang)? {
        Some(overlay) => (overlay.apply(meeting), overlay.translator.clone()),
        None => (meeting.clone(), None),
    })
}

/// Every template file in the archive's `templates/` compiles, and every
/// phrase table parses: the problems as diagnostics at their place.
pub fn check_templates(root: &Path) -> Result<Vec<Diagnostic>> {
    let templates = Templates::new(root);
    let mut found = Vec::new();
    // A linked folder is never listed (see `templates`): say so here.
    for folder in [templates::FOLDER, "templates/lang"] {
        let kind = crate::fsio::Kind::at(&root.join(folder));
        if kind.is_ok_and(|k| k == crate::fsio::Kind::Link) {
            let shown = Path::new(folder);
            found.push(crate::fsio::read::refusal(
                shown,
                shown,
                crate::fsio::Kind::Link,
            ));
        }
    }
    let probe = env::base();
    for (name, origin) in templates.list()? {
        if origin == Origin::BuiltIn {
            continue;
        }
        let relative = Templates::relative(&name);
        let text = match templates.source(&name) {
            Ok(text) => text.unwrap_or_default(),
            Err(Error::Invalid(d)) => {
                found.extend(d);
                continue;
            }
            Err(e) => {
                found.push(Diagnostic::file(&relative, e.to_string()));
                continue;
            }
        };
        if let Some(lang) = name
            .strip_prefix("lang/")
            .and_then(|n| n.strip_suffix(".toml"))
        {
            match phrases::Phrases::load(&templates, lang) {
                Ok(_) => {}
                Err(Error::Invalid(d)) => found.extend(d),
                Err(other) => found.push(Diagnostic::file(&relative, other.to_string())),
            }
            continue;
        }
        if let Err(e) = probe.template_from_named_str(&name, &text) {
            let span = e.range().unwrap_or_else(|| line_start(&text, e.line()));
            let message = format!("the template does not compile: {}", describe(&e));
            found.push(
                Diagnostic::at(&relative, &text, span, message)
                    .with_help("fix the template syntax, or delete the file to use the built-in"),
            );
        }
    }
    Ok(found)
}

fn describe(e: &minijinja::Error) -> String {
    match e.detail() {
        Some(detail) => format!("{}: {detail}", e.kind()),
        None => e.kind().to_string(),
    }
}

/// The byte range of the start of `line` (1-based) in `text`.
fn line_start(text: &str, line: Option<usize>) -> std::ops::Range<usize> {
    let offset = match line {
        Some(n) if n > 1 => text
            .match_indices('\n')
            .nth(n - 2)
            .map_or(text.len(), |(i, _)| i + 1),
        _ => 0,
    };
    offset..offset
}
