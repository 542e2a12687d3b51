//! Rendering a meeting, or the dossier of a tag, into a report through a
//! template.
//!
//! The only module that touches minijinja. A render picks the template
//! `<kind>.<format>` (the archive's file, else the built-in), the meetings
//! in the readers' language where they have a translation (else as
//! written: the frame follows the text, see `language`), and the phrase
//! table of the language the page is then in; it returns the whole text,
//! with the translations it found missing, or an error, never a part.

mod builtin;
mod context;
mod dossier;
mod env;
mod language;
pub mod markdown;
pub mod phrases;
pub(crate) mod site;
pub mod templates;

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use serde::Serialize;

use crate::archive::{Archive, Loaded, Record};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::id::{Lang, MeetingId};
use crate::meeting::Status;
use crate::query;

pub use language::Gap;
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
    /// An imported meeting in its group's own layout: the template of the
    /// profile that read it (`nodejs-tsc.md` ...).
    Source,
    /// A name of letters, digits, `-` and `_`; whether the archive has such a
    /// template is known only when it is rendered.
    Own(String),
}

impl Template {
    pub const BUILT_IN: &'static [&'static str] =
        &["article", "minutes", "agenda", "dossier", "source"];

    pub fn name(&self) -> &str {
        match self {
            Template::Article => "article",
            Template::Minutes => "minutes",
            Template::Agenda => "agenda",
            Template::Dossier => "dossier",
            Template::Source => "source",
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
            "source" => Template::Source,
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
    /// A dossier: take the items of meetings not yet published too (for
    /// internal use; the page says so).
    pub include_drafts: bool,
}

/// A whole report, and the translations it lacked.
#[derive(Debug)]
pub struct Rendered {
    pub text: String,
    /// A meeting asked for in a language it has no translation into, or
    /// whose translation leaves out items on the page.
    pub gaps: Vec<Gap>,
}

/// Renders `record` as `request` asks; the whole text, or an error.
pub fn render(archive: &Archive, record: &Record, request: &Request) -> Result<String> {
    render_report(archive, record, request).map(|r| r.text)
}

/// Renders `record` as `request` asks, in the readers' language where the
/// meeting has a translation into it, else in its own with a notice.
pub fn render_report(archive: &Archive, record: &Record, request: &Request) -> Result<Rendered> {
    let source;
    let request = if request.kind == Template::Source {
        source = Request {
            kind: Template::Own(source_layout(record)?),
            ..request.clone()
        };
        &source
    } else {
        request
    };
    let templates = Templates::new(&archive.root);
    let wanted = request
        .lang
        .clone()
        .unwrap_or_else(|| archive.config.language());
    let asked = phrases::Phrases::load(&templates, &wanted)?;
    let text = language::text(archive, &record.id, &record.meeting, &wanted)?;
    let frame = Frame::new(templates, request, &text.lang)?;
    let input = context::Input {
        archive,
        id: &record.id,
        text: &text,
        phrases: &frame.phrases,
        format: request.format.as_str(),
        public: request.public || request.kind == Template::Article,
        discussed_only: request.kind == Template::Article,
        open_actions: true,
    };
    let mut context = context::build(&input)?;
    let (notice, partial) = page_notice(
        archive,
        &frame.templates,
        &asked,
        &frame.phrases,
        &text,
        &record.id,
        &context,
    )?;
    context.notice = notice;
    let gaps: Vec<Gap> = text.missing.clone().into_iter().chain(partial).collect();
    let text = frame.render(&context, &format!("meeting {}", record.id))?;
    Ok(Rendered { text, gaps })
}

/// What a meeting's page says is not in the readers' language (`asked`):
/// all of it, or the items its translation leaves out (that gap too).
fn page_notice(
    archive: &Archive,
    templates: &Templates,
    asked: &phrases::Phrases,
    page: &phrases::Phrases,
    text: &language::Text,
    id: &MeetingId,
    context: &context::Context,
) -> Result<(Option<context::Notice>, Option<Gap>)> {
    let shown: Vec<&str> = context.items.iter().map(|i| i.id.as_str()).collect();
    let own = archive.config.language();
    let partial = text.partial(id, &shown, &own);
    let notice = match (&text.missing, &partial) {
        (Some(_), _) => Some(notice(asked, "no_translation", page)?),
        (None, Some(_)) => {
            let original = phrases::Phrases::load(templates, &own)?;
            Some(notice(asked, "some_untranslated", &original)?)
        }
        (None, None) => None,
    };
    Ok((notice, partial))
}

/// The phrase `key` of the readers' language, naming the language the page
/// is in instead.
fn notice(
    asked: &phrases::Phrases,
    key: &str,
    shown: &phrases::Phrases,
) -> Result<context::Notice> {
    let language = shown
        .table
        .get("name")
        .cloned()
        .unwrap_or_else(|| shown.lang.clone());
    Ok(context::Notice {
        text: asked
            .fill(key, |name| (name == "language").then(|| language.clone()))
            .map_err(Error::failed)?,
        lang: asked.lang.clone(),
    })
}

/// The template of the profile that imported `record`.
fn source_layout(record: &Record) -> Result<String> {
    let profile = record
        .meeting
        .origin
        .as_ref()
        .and_then(|o| o.profile.clone());
    profile
        .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .ok_or_else(|| {
            Error::failed(format!(
                "meeting {} was not imported, so it has no layout of its source",
                record.id
            ))
            .with_help("`--template source` renders imported meetings; name another template, such as `--template minutes`")
        })
}

/// Renders the dossier of `tag` over `records` (the whole archive) as
/// `request` asks; `None` when no public item carries the tag.
pub fn render_dossier(
    archive: &Archive,
    records: &[Loaded],
    tag: &str,
    request: &Request,
) -> Result<Option<String>> {
    Ok(render_dossier_report(archive, records, tag, request)?.map(|r| r.text))
}

/// Renders the dossier of `tag` over `records` as `request` asks: the
/// public items of the published meetings (of all held meetings with
/// `include_drafts`) that were discussed and have notes or decisions, each
/// meeting in the readers' language where it has a translation. The page
/// is in the readers' language when one of its meetings is translated,
/// else in the archive's, with a notice; what stays untranslated is
/// marked. Actions have their status as of the last meeting taken, never
/// as of today. `None` when no such item carries the tag.
pub fn render_dossier_report(
    archive: &Archive,
    records: &[Loaded],
    tag: &str,
    request: &Request,
) -> Result<Option<Rendered>> {
    let own = archive.config.language();
    let templates = Templates::new(&archive.root);
    let wanted = request.lang.clone().unwrap_or_else(|| own.clone());
    let asked = phrases::Phrases::load(&templates, &wanted)?;
    let wanted_tag = query::text::fold(tag);
    let mut taken = Vec::with_capacity(records.len());
    let mut texts: BTreeMap<String, language::Text> = BTreeMap::new();
    for record in records {
        let status = record.meeting.status;
        let wanted_status =
            status == Status::Published || (request.include_drafts && status.is_held());
        if !wanted_status {
            continue;
        }
        let mut meeting = record.meeting.clone();
        meeting.items.retain(|i| {
            !i.private && i.discussed && (!i.notes.trim().is_empty() || !i.decisions.is_empty())
        });
        // Only the meetings on the page are translated, so that a broken
        // overlay elsewhere does not stop the dossier; the others still
        // count for the status of the actions.
        let on_page = meeting
            .items
            .iter()
            .any(|i| i.tags.iter().any(|t| query::text::fold(t) == wanted_tag));
        if on_page {
            let text = language::text(archive, &record.id, &meeting, &wanted)?;
            meeting = text.meeting.clone();
            texts.insert(record.id.to_string(), text);
        }
        taken.push(Loaded {
            id: record.id.clone(),
            meeting,
        });
    }
    // The date the page speaks as of: the last publication it draws on (the
    // last call, with drafts), never today.
    let as_of = taken
        .iter()
        .filter(|r| texts.contains_key(r.id.as_str()))
        .filter_map(|r| match (request.include_drafts, &r.meeting.publication) {
            (false, Some(p)) => p.date.or(Some(r.meeting.date)),
            _ => Some(r.meeting.date),
        })
        .max();
    let Some(as_of) = as_of else {
        return Ok(None);
    };
    let Some(dossier) = query::dossier(&taken, tag, as_of) else {
        return Ok(None);
    };
    let translated = texts.values().any(|t| t.missing.is_none() && t.lang != own);
    let page_lang = if wanted == own || translated {
        wanted.clone()
    } else {
        own.clone()
    };
    let frame = Frame::new(templates, request, &page_lang)?;
    let mut gaps = Vec::new();
    let mut entries = BTreeMap::new();
    for entry in &dossier.entries {
        let Some(text) = texts.get(&entry.meeting) else {
            continue;
        };
        let untranslated = text.missing.is_some() || text.gaps.items.contains(&entry.item);
        entries.insert(
            (entry.meeting.clone(), entry.item.clone()),
            dossier::Origin {
                lang: (untranslated && page_lang != own).then(|| own.to_string()),
                translator: text.translator.clone().filter(|_| !untranslated),
                draft: text.meeting.status != Status::Published,
            },
        );
    }
    for (id, text) in &texts {
        let on_page: Vec<&str> = dossier
            .entries
            .iter()
            .filter(|e| &e.meeting == id)
            .map(|e| e.item.as_str())
            .collect();
        if on_page.is_empty() {
            continue;
        }
        match (&text.missing, MeetingId::parse(id)) {
            (Some(gap), _) => gaps.push(gap.clone()),
            (None, Ok(meeting)) => gaps.extend(text.partial(&meeting, &on_page, &own)),
            (None, Err(_)) => {}
        }
    }
    let notice = match (gaps.is_empty(), page_lang == wanted) {
        (true, _) => None,
        (false, true) => Some(notice(
            &asked,
            "some_untranslated",
            &phrases::Phrases::load(&frame.templates, &own)?,
        )?),
        (false, false) => Some(notice(&asked, "no_translation_any", &frame.phrases)?),
    };
    let input = dossier::Input {
        archive,
        dossier: &dossier,
        phrases: &frame.phrases,
        format: request.format.as_str(),
        origins: &entries,
        as_of,
        internal: request.include_drafts,
        notice,
        original: (page_lang != own).then(|| own.to_string()),
    };
    let context = dossier::build(&input)?;
    let text = frame.render(&context, &format!("the dossier of `{}`", dossier.tag))?;
    Ok(Some(Rendered { text, gaps }))
}

/// Why no dossier: no item has the tag, or only private ones have it, or
/// only items of meetings not yet published, or none says anything.
pub fn why_no_dossier(tag: &str, records: &[Loaded], drafts: bool) -> Error {
    let tags = query::tags(records);
    let wanted = query::text::fold(tag);
    let tagged = |r: &&Loaded| {
        r.meeting
            .public_items()
            .any(|i| i.tags.iter().any(|t| query::text::fold(t) == wanted))
    };
    let public: Vec<_> = records.iter().filter(tagged).collect();
    if public.is_empty() && tags.iter().any(|t| query::text::fold(t) == wanted) {
        return Error::failed(format!("only private items are tagged `{tag}`"))
            .with_help("a dossier is for publication and shows public items only; `minutes topic TAG` shows them all");
    }
    if public.is_empty() {
        return query::unknown_tag(tag, &tags);
    }
    let published = public.iter().any(|r| r.meeting.status == Status::Published);
    if !published && !drafts {
        return Error::failed(format!(
            "no published meeting has a public item tagged `{tag}`"
        ))
        .with_help("a dossier shows what was published; `--include-drafts` takes the other meetings too, for internal use");
    }
    Error::failed(format!(
        "no public item tagged `{tag}` was discussed with notes or decisions"
    ))
    .with_help(
        "a dossier leaves out items that were only listed; `minutes topic TAG` shows them all",
    )
}

/// What every render shares: the template chosen, and the phrases of the
/// language the page is in.
struct Frame {
    templates: Templates,
    name: String,
    phrases: phrases::Phrases,
    format: Format,
}

impl Frame {
    /// The template `request` asks for, with the phrases of `lang`, the
    /// language the page is in.
    fn new(templates: Templates, request: &Request, lang: &Lang) -> Result<Frame> {
        let name = template_name(&templates, &request.kind, request.format)?;
        let phrases = phrases::Phrases::load(&templates, lang)?;
        Ok(Frame {
            templates,
            name,
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
