//! The reading every profile shares: a file's outline into a draft
//! meeting.
//!
//! The headings make a tree. The first H1 is the title; sections whose
//! headings the dictionary knows become fields (links, attendees, chairs
//! and scribes); the body of the minutes (a "Minutes" or "Notes" section,
//! else the agenda, else every other section) gives the items: a heading
//! with text is an item and its sub-headings are its parts, a heading over
//! nothing but headings is a section, a heading over a list of entries that
//! name issues files each entry as an item, and, where the profile says
//! so, a short paragraph followed by a list is an item, or each entry of a
//! list that makes a whole body. What comes before the body is the
//! preamble, what comes after it the postscript. Every piece of text is a
//! slice of the source; the ledger records the fate of every line.

use std::ops::Range;

use chrono::NaiveDate;

use crate::meeting::{Decision, Link, LinkKind};

use super::ledger::{Fate, Ledger};
use super::markdown::{Block, Entry, Kind, Outline, dedent};
use super::people::{self, Header, Mention};
use super::profile::{GENERIC, Profile, Role};
use super::{markers, refs};

/// A file read, before its people are named.
#[derive(Debug, Default)]
pub struct Draft {
    pub title: Option<String>,
    /// The date the title (or a "Meeting date:" line) gives, and a last day.
    pub heading_date: Option<(NaiveDate, Option<NaiveDate>)>,
    pub chairs: Vec<Mention>,
    pub scribes: Vec<Mention>,
    pub attendees: Vec<Mention>,
    pub regrets: Vec<Mention>,
    pub links: Vec<Link>,
    pub preamble: String,
    pub postscript: String,
    pub items: Vec<DraftItem>,
    pub ledger: Ledger,
}

#[derive(Debug, Default, Clone)]
pub struct DraftItem {
    pub title: String,
    pub section: Option<String>,
    /// The index of the item this one is a part of.
    pub parent: Option<usize>,
    pub discussed: bool,
    pub refs: Vec<String>,
    pub notes: String,
    pub decisions: Vec<Decision>,
    pub actions: Vec<String>,
}

/// A list entry that files an item, and the text after its list up to
/// the next one.
type Filed = (Entry, Vec<Range<usize>>);

/// Where the items of a file are found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Under a "Minutes" or "Notes" section.
    Container,
    /// Under the agenda, there being no other body.
    Agenda,
    /// Every section below the title is an item or a section of items.
    Top,
    /// No sections: the text below the title.
    Flat,
}

/// The shape of a file, as profiles recognize it.
#[derive(Debug)]
pub struct Shape {
    pub title: Option<String>,
    /// The headings below the title: level and words.
    pub headings: Vec<(u8, String)>,
    pub layout: Layout,
    /// The heading of the body, when there is one.
    pub body: Option<String>,
    /// Whether the body has sub-headings.
    pub body_headings: bool,
}

impl Shape {
    pub fn of(outline: &Outline<'_>) -> Shape {
        let tree = Tree::of(outline);
        let (layout, body) = tree.layout(GENERIC);
        Shape {
            title: tree
                .title
                .map(|b| heading_words(outline, &outline.blocks[b])),
            headings: tree.nodes[1..]
                .iter()
                .map(|n| (n.level, n.text.clone()))
                .collect(),
            layout,
            body: body.map(|n| tree.nodes[n].text.clone()),
            body_headings: body.is_some_and(|n| !tree.nodes[n].children.is_empty()),
        }
    }

    /// Whether a heading of `level` reads `words` (compared as the
    /// dictionary compares them).
    pub fn has(&self, level: u8, words: &str) -> bool {
        let want = super::profile::key(words);
        self.headings
            .iter()
            .any(|(l, t)| *l == level && super::profile::key(t) == want)
    }
}

fn heading_words(outline: &Outline<'_>, block: &Block) -> String {
    match &block.kind {
        Kind::Heading { text, .. } => one_line(outline.slice(text)),
        _ => String::new(),
    }
}

/// Text of several lines as one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Node {
    level: u8,
    /// The heading's block; none for the root.
    head: Option<usize>,
    text: String,
    /// The blocks between the heading and its first sub-heading.
    own: Vec<usize>,
    children: Vec<usize>,
}

/// The headings of a file as a tree; node 0 is the file itself.
struct Tree {
    nodes: Vec<Node>,
    title: Option<usize>,
    front: Vec<usize>,
}

impl Tree {
    fn of(outline: &Outline<'_>) -> Tree {
        let mut nodes = vec![Node {
            level: 0,
            head: None,
            text: String::new(),
            own: Vec::new(),
            children: Vec::new(),
        }];
        let mut title = None;
        let mut front = Vec::new();
        let mut stack = vec![0usize];
        let mut seen_heading = false;
        for (i, block) in outline.blocks.iter().enumerate() {
            match &block.kind {
                Kind::FrontMatter => front.push(i),
                Kind::Heading { level: 1, .. } if !seen_heading => {
                    title = Some(i);
                    seen_heading = true;
                }
                // A later H1 is text of the section it stands in.
                Kind::Heading { level, .. } if *level > 1 => {
                    seen_heading = true;
                    while stack.len() > 1 && nodes[*stack.last().unwrap_or(&0)].level >= *level {
                        stack.pop();
                    }
                    let parent = *stack.last().unwrap_or(&0);
                    nodes.push(Node {
                        level: *level,
                        head: Some(i),
                        text: heading_words(outline, block),
                        own: Vec::new(),
                        children: Vec::new(),
                    });
                    let id = nodes.len() - 1;
                    nodes[parent].children.push(id);
                    stack.push(id);
                }
                _ => {
                    let at = *stack.last().unwrap_or(&0);
                    nodes[at].own.push(i);
                }
            }
        }
        let mut tree = Tree {
            nodes,
            title,
            front,
        };
        tree.lift(outline);
        tree
    }

    /// Sections that stand under a heading of attendees or links only
    /// because of their level ("### Upcoming releases" under
    /// "## Participants") become sections of the file; groups of people
    /// ("### Observers" under "## Present") stay.
    fn lift(&mut self, outline: &Outline<'_>) {
        let mut top = Vec::new();
        for n in std::mem::take(&mut self.nodes[0].children) {
            top.push(n);
            let role = GENERIC.role(&self.nodes[n].text);
            let keeps = |tree: &Tree, child: usize| {
                matches!(role, Role::Attendees(_) | Role::Regrets)
                    && tree.people_list(outline, child)
            };
            if !matches!(
                role,
                Role::Links | Role::Attendees(_) | Role::Regrets | Role::Roles
            ) {
                continue;
            }
            let children = std::mem::take(&mut self.nodes[n].children);
            let cut = children
                .iter()
                .position(|&c| !keeps(self, c))
                .unwrap_or(children.len());
            self.nodes[n].children = children[..cut].to_vec();
            top.extend_from_slice(&children[cut..]);
        }
        self.nodes[0].children = top;
    }

    /// Whether a section holds nothing but a list of short entries: people.
    fn people_list(&self, outline: &Outline<'_>, n: usize) -> bool {
        let node = &self.nodes[n];
        node.children.is_empty()
            && node.own.iter().all(|&b| match &outline.blocks[b].kind {
                Kind::List { entries } => entries.iter().all(|e| {
                    e.rest.is_empty() && outline.slice(&e.first).split_whitespace().count() <= 8
                }),
                _ => outline.slice(&outline.blocks[b].span).trim().is_empty(),
            })
    }

    /// Where the items are, and the node of the body.
    fn layout(&self, profile: &Profile) -> (Layout, Option<usize>) {
        let top = &self.nodes[0].children;
        let has_content =
            |n: usize| !self.nodes[n].own.is_empty() || !self.nodes[n].children.is_empty();
        if let Some(&n) = top
            .iter()
            .find(|&&n| profile.role(&self.nodes[n].text) == Role::Container && has_content(n))
        {
            return (Layout::Container, Some(n));
        }
        if let Some(&n) = top.iter().find(|&&n| {
            profile.role(&self.nodes[n].text) == Role::Agenda && !self.nodes[n].children.is_empty()
        }) {
            return (Layout::Agenda, Some(n));
        }
        let plain = top.iter().any(|&n| {
            !matches!(
                profile.role(&self.nodes[n].text),
                Role::Links | Role::Attendees(_) | Role::Regrets | Role::Roles
            )
        });
        if plain {
            (Layout::Top, None)
        } else {
            (Layout::Flat, None)
        }
    }
}

/// Reads `outline` as `profile` says.
pub fn read(outline: &Outline<'_>, profile: &'static Profile) -> Draft {
    let tree = Tree::of(outline);
    let mut reader = Reader {
        o: outline,
        p: profile,
        tree: &tree,
        draft: Draft {
            ledger: Ledger::new(outline.line_count()),
            ..Draft::default()
        },
        preamble: Vec::new(),
        postscript: Vec::new(),
    };
    reader.run();
    let Reader {
        mut draft,
        preamble,
        postscript,
        ..
    } = reader;
    draft.preamble = join(outline, &preamble);
    draft.postscript = join(outline, &postscript);
    for item in &mut draft.items {
        item.refs = item
            .refs
            .iter()
            .filter_map(|r| refs::qualify(r, &item.notes, profile.owner))
            .collect();
    }
    labelled_in_text(&mut draft, outline, profile);
    draft
}

/// Where the head of the minutes names no chair, scribe or attendee, the
/// labelled lines that do so in the text ("- Facilitator: Ana" under an
/// agenda entry "Assign roles") are copied into those fields; like marker
/// lines, they stay in the text.
fn labelled_in_text(draft: &mut Draft, outline: &Outline<'_>, profile: &Profile) {
    let wanted = (
        draft.chairs.is_empty(),
        draft.scribes.is_empty(),
        draft.attendees.is_empty(),
    );
    if wanted == (false, false, false) {
        return;
    }
    for n in 1..=outline.line_count() {
        let line = outline.line(n);
        // "Minutes:" and "Notes:" say too many other things inside notes.
        let label = people::strip_bullet(line.trim()).trim_start_matches("**");
        if ["minutes", "notes"]
            .iter()
            .any(|w| label.to_lowercase().starts_with(w))
        {
            continue;
        }
        let Some(header) = people::header(profile, line) else {
            continue;
        };
        let named = |list: Vec<Mention>| -> Vec<Mention> {
            list.into_iter()
                .filter(|m| m.name.split_whitespace().count() <= 4)
                .map(|m| Mention { line: n, ..m })
                .collect()
        };
        match header {
            Header::Chairs(list) if wanted.0 => draft.chairs.extend(named(list)),
            Header::Scribes(list) if wanted.1 => draft.scribes.extend(named(list)),
            Header::People(list) if wanted.2 => draft.attendees.extend(named(list)),
            _ => {}
        }
    }
}

struct Reader<'t, 'o, 'a> {
    o: &'o Outline<'a>,
    p: &'static Profile,
    tree: &'t Tree,
    draft: Draft,
    preamble: Vec<Range<usize>>,
    postscript: Vec<Range<usize>>,
}

impl Reader<'_, '_, '_> {
    fn run(&mut self) {
        let tree = self.tree;
        for &b in &tree.front {
            self.mark(
                &self.o.blocks[b].span.clone(),
                Fate::Dropped("front matter"),
            );
        }
        if let Some(b) = tree.title {
            let block = &self.o.blocks[b];
            let words = heading_words(self.o, block);
            self.draft.heading_date = super::dates::in_text(&words);
            self.draft.title = Some(words).filter(|w| !w.is_empty());
            self.mark(&block.span.clone(), Fate::Converted("title"));
        }
        let (layout, body) = tree.layout(self.p);
        let root_kept = self.root_headers();
        let top = tree.nodes[0].children.clone();
        match layout {
            Layout::Flat => {
                self.region(&root_kept, None, None, true, true);
            }
            Layout::Top => {
                self.pieces_to_preamble(&root_kept);
                let last_item = top.iter().rposition(|&n| {
                    !self.is_header(n) && self.p.role(&tree.nodes[n].text) != Role::Trailer
                });
                for (i, &n) in top.iter().enumerate() {
                    if self.is_header(n) {
                        self.header(n);
                    } else if last_item.is_none_or(|last| i > last) {
                        let span = self.subtree(n);
                        self.keep(&span, Keep::Postscript);
                    } else {
                        self.node(n, None, None, true);
                    }
                }
            }
            Layout::Container | Layout::Agenda => {
                self.pieces_to_preamble(&root_kept);
                let body = body.unwrap_or(0);
                let mut after = false;
                for &n in &top {
                    if self.is_header(n) {
                        self.header(n);
                    } else if n == body {
                        self.body(n, layout);
                        after = true;
                    } else {
                        let span = self.subtree(n);
                        let to = if after {
                            Keep::Postscript
                        } else {
                            Keep::Preamble
                        };
                        self.keep(&span, to);
                    }
                }
            }
        }
    }

    fn is_header(&self, n: usize) -> bool {
        matches!(
            self.p.role(&self.tree.nodes[n].text),
            Role::Links | Role::Attendees(_) | Role::Regrets | Role::Roles
        )
    }

    fn mark(&mut self, span: &Range<usize>, fate: Fate) {
        let lines = self.o.lines_in(span);
        self.draft.ledger.mark(lines, fate);
    }

    fn keep(&mut self, span: &Range<usize>, to: Keep) {
        if span.is_empty() {
            return;
        }
        self.mark(span, Fate::Kept);
        match to {
            Keep::Preamble => self.preamble.push(span.clone()),
            Keep::Postscript => self.postscript.push(span.clone()),
        }
    }

    fn pieces_to_preamble(&mut self, pieces: &[Range<usize>]) {
        for p in pieces {
            self.keep(p, Keep::Preamble);
        }
    }

    /// Everything from a heading to the end of its last sub-section.
    fn subtree(&self, n: usize) -> Range<usize> {
        let node = &self.tree.nodes[n];
        let start = node.head.map(|b| self.o.blocks[b].span.start).unwrap_or(0);
        (start..self.end_of(n)).clone()
    }

    fn end_of(&self, n: usize) -> usize {
        let node = &self.tree.nodes[n];
        if let Some(&last) = node.children.last() {
            return self.end_of(last);
        }
        if let Some(&b) = node.own.last() {
            return self.o.blocks[b].span.end;
        }
        node.head.map_or(0, |b| self.o.blocks[b].span.end)
    }

    fn head_span(&self, n: usize) -> Range<usize> {
        self.tree.nodes[n]
            .head
            .map_or(0..0, |b| self.o.blocks[b].span.clone())
    }

    /// The labelled lines before the first section (chair, scribes,
    /// attendance, a meeting date), read into fields; what remains, as
    /// ranges of text.
    fn root_headers(&mut self) -> Vec<Range<usize>> {
        let own = self.tree.nodes[0].own.clone();
        let mut kept: Vec<Range<usize>> = Vec::new();
        let push = |kept: &mut Vec<Range<usize>>, r: Range<usize>| match kept.last_mut() {
            Some(last) if last.end == r.start => last.end = r.end,
            _ => kept.push(r),
        };
        for b in own {
            let block = self.o.blocks[b].clone();
            match &block.kind {
                Kind::List { entries } => {
                    let mut start = block.span.start;
                    for e in entries {
                        let text = self.o.slice(&e.first);
                        if e.rest.is_empty() && self.apply_header(text, &e.span) {
                            if start < e.span.start {
                                push(&mut kept, start..e.span.start);
                            }
                            start = e.span.end;
                        }
                    }
                    if start < block.span.end {
                        push(&mut kept, start..block.span.end);
                    }
                }
                Kind::Paragraph => {
                    let mut at = block.span.start;
                    let mut start = at;
                    for line in self.o.slice(&block.span).split_inclusive('\n') {
                        let span = at..at + line.len();
                        if self.apply_header(line, &span) {
                            if start < span.start {
                                push(&mut kept, start..span.start);
                            }
                            start = span.end;
                        }
                        at = span.end;
                    }
                    if start < block.span.end {
                        push(&mut kept, start..block.span.end);
                    }
                }
                _ => push(&mut kept, block.span.clone()),
            }
        }
        kept
    }

    /// Reads a labelled line into the fields; whether it was one.
    fn apply_header(&mut self, line: &str, span: &Range<usize>) -> bool {
        let Some(mut header) = people::header(self.p, line) else {
            return false;
        };
        let at = self.o.line_of(span.start);
        if let Header::Chairs(list)
        | Header::Scribes(list)
        | Header::People(list)
        | Header::Regrets(list) = &mut header
        {
            for m in list {
                m.line = at;
            }
        }
        let category = match header {
            Header::Chairs(list) => {
                self.draft.chairs.extend(list);
                "chair"
            }
            Header::Scribes(list) => {
                self.draft.scribes.extend(list);
                "scribe"
            }
            Header::Date(text) => {
                let Some(date) = super::dates::in_text(&text) else {
                    return false;
                };
                self.draft.heading_date.get_or_insert(date);
                "date"
            }
            Header::People(list) => {
                self.draft.attendees.extend(list);
                "attendee"
            }
            Header::Regrets(list) => {
                self.draft.regrets.extend(list);
                "regrets"
            }
        };
        self.mark(span, Fate::Converted(category));
        true
    }

    /// A section of links, attendees, regrets or roles, read into fields;
    /// what it holds that is none of them goes to the preamble.
    fn header(&mut self, n: usize) {
        let node = &self.tree.nodes[n];
        let role = self.p.role(&node.text);
        self.mark(&self.head_span(n), Fate::Dropped("heading"));
        let own = node.own.clone();
        let children = node.children.clone();
        for b in own {
            let block = self.o.blocks[b].clone();
            match (&block.kind, role) {
                (Kind::List { entries }, _) => {
                    for e in entries {
                        if !self.header_entry(e, role) {
                            self.keep(&e.span, Keep::Preamble);
                        }
                    }
                }
                (Kind::Paragraph, Role::Attendees(_) | Role::Regrets | Role::Roles) => {
                    let mut at = block.span.start;
                    for line in self.o.slice(&block.span).split_inclusive('\n') {
                        let span = at..at + line.len();
                        at = span.end;
                        if !self.header_line(line, &span, role) {
                            self.keep(&span, Keep::Preamble);
                        }
                    }
                }
                _ => self.keep(&block.span, Keep::Preamble),
            }
        }
        for child in children {
            let text = self.tree.nodes[child].text.clone();
            let sub = match self.p.role(&text) {
                Role::Attendees(Some(r)) => Role::Attendees(Some(r)),
                _ if matches!(role, Role::Attendees(_)) => Role::Attendees(None),
                other => other,
            };
            if matches!(sub, Role::Attendees(_)) && matches!(role, Role::Attendees(_)) {
                // "### TSC" under "## Present": its people come with that role.
                self.mark(&self.head_span(child), Fate::Dropped("heading"));
                let given = match sub {
                    Role::Attendees(Some(r)) => r.to_string(),
                    _ => text,
                };
                for b in self.tree.nodes[child].own.clone() {
                    let block = self.o.blocks[b].clone();
                    if let Kind::List { entries } = &block.kind {
                        for e in entries {
                            let line = self.o.slice(&e.first);
                            match people::mention(line, self.p.qualifiers, Some(&given)) {
                                Some(mut m) => {
                                    m.line = self.o.line_of(e.span.start);
                                    self.draft.attendees.push(m);
                                    self.mark(&e.span, Fate::Converted("attendee"));
                                }
                                None => self.keep(&e.span, Keep::Preamble),
                            }
                        }
                    } else {
                        self.keep(&block.span, Keep::Preamble);
                    }
                }
            } else if self.is_header(child) {
                self.header(child);
            } else {
                let span = self.subtree(child);
                self.keep(&span, Keep::Preamble);
            }
        }
    }

    fn header_entry(&mut self, e: &Entry, role: Role) -> bool {
        let text = self.o.slice(&e.first).to_string();
        match role {
            Role::Links => match link(&text) {
                Some(link) if e.rest.is_empty() => {
                    self.draft.links.push(link);
                    self.mark(&e.span, Fate::Converted("link"));
                    true
                }
                _ => false,
            },
            _ => {
                if !e.rest.is_empty() {
                    return false;
                }
                self.header_line(&text, &e.span, role)
            }
        }
    }

    /// One line of an attendee, regrets or roles section.
    fn header_line(&mut self, line: &str, span: &Range<usize>, role: Role) -> bool {
        if line.trim().is_empty() {
            return false;
        }
        if self.apply_header(line, span) {
            return true;
        }
        let given = match role {
            Role::Attendees(r) => r,
            _ => None,
        };
        let Some(mut m) = people::mention(line, self.p.qualifiers, given) else {
            return false;
        };
        m.line = self.o.line_of(span.start);
        let category = match role {
            Role::Attendees(_) => {
                self.draft.attendees.push(m);
                "attendee"
            }
            Role::Regrets => {
                self.draft.regrets.push(m);
                "regrets"
            }
            _ => return false,
        };
        self.mark(span, Fate::Converted(category));
        true
    }

    /// The body of the minutes. Its heading files the items under it (a
    /// "Minutes" section), or, for the agenda, is the template's to write;
    /// its text before the first item belongs to the preamble. Where the
    /// profile reads lists as the body of minutes, a body with text of its
    /// own is an item itself, its sub-sections its parts.
    fn body(&mut self, n: usize, layout: Layout) {
        let node = &self.tree.nodes[n];
        let (text, own, children) = (node.text.clone(), node.own.clone(), node.children.clone());
        let has_text = own
            .iter()
            .any(|&b| !self.o.slice(&self.o.blocks[b].span).trim().is_empty());
        let topics = self.p.paragraph_items && !self.paragraph_items(&own).is_empty();
        if self.p.list_items && has_text && !topics {
            self.node(n, None, None, true);
            return;
        }
        let filed = (layout == Layout::Container).then_some(text);
        let fate = match filed {
            Some(_) => Fate::Converted("section"),
            None => Fate::Dropped("heading"),
        };
        self.mark(&self.head_span(n), fate);
        self.region(&self.ranges(&own), None, filed.clone(), true, false);
        for child in children {
            if self.is_header(child) {
                self.header(child);
            } else {
                self.node(child, None, filed.clone(), true);
            }
        }
    }

    fn ranges(&self, blocks: &[usize]) -> Vec<Range<usize>> {
        blocks
            .iter()
            .map(|&b| self.o.blocks[b].span.clone())
            .collect()
    }

    /// A section of the body: an item (with its parts), or a heading over
    /// items.
    fn node(&mut self, n: usize, parent: Option<usize>, section: Option<String>, discussed: bool) {
        if self.is_header(n) {
            self.header(n);
            return;
        }
        let node = &self.tree.nodes[n];
        let (text, own, children) = (node.text.clone(), node.own.clone(), node.children.clone());
        let role = self.p.role(&text);
        let discussed = discussed && role != Role::Undiscussed;
        if let Some((intro, entries)) = self.group(&own, &text) {
            // A heading over a list of issues: each entry is an item.
            let owner = if intro.is_empty() {
                self.mark(&self.head_span(n), Fate::Converted("section"));
                None
            } else {
                let item = self.item(&text, section.clone(), parent, discussed, n);
                self.notes(item, &intro, false);
                Some(item)
            };
            let filed = owner.is_none().then(|| text.clone()).or(section.clone());
            for (e, after) in entries {
                let item = self.entry_item(&e, owner.or(parent), filed.clone(), discussed);
                self.follow(item, &after);
            }
            for child in children {
                self.node(child, owner.or(parent), filed.clone(), discussed);
            }
            return;
        }
        if own
            .iter()
            .all(|&b| self.o.slice(&self.o.blocks[b].span).trim().is_empty())
            && !children.is_empty()
            && parent.is_none()
            && section.is_none()
            && matches!(
                role,
                Role::Plain | Role::Undiscussed | Role::Agenda | Role::Container
            )
        {
            self.mark(&self.head_span(n), Fate::Converted("section"));
            for child in children {
                self.node(child, None, Some(text.clone()), discussed);
            }
            return;
        }
        let item = self.item(&text, section, parent, discussed, n);
        let own = self.ranges(&own);
        self.region(&own, Some(item), None, discussed, false);
        match role {
            Role::Actions => {
                let notes = self.draft.items[item].notes.clone();
                self.draft.items[item].actions = markers::entries(&notes);
            }
            Role::Decisions(kind) => {
                let notes = self.draft.items[item].notes.clone();
                self.draft.items[item].decisions = markers::entries(&notes)
                    .into_iter()
                    .map(|text| Decision { text, kind })
                    .collect();
            }
            _ => {}
        }
        for child in children {
            self.node(child, Some(item), None, discussed);
        }
    }

    /// The own text of a heading when it is an optional introduction
    /// followed by lists whose entries name issues (or the heading names a
    /// repository): the introduction, and the entries each with what
    /// follows its list up to the next such list (paragraphs, and lists
    /// that name no issues: the discussion of the entry before).
    fn group(&self, own: &[usize], heading: &str) -> Option<(Vec<Range<usize>>, Vec<Filed>)> {
        let mut intro = Vec::new();
        let mut entries: Vec<Filed> = Vec::new();
        for &b in own {
            let block = &self.o.blocks[b];
            match (&block.kind, entries.last_mut()) {
                (Kind::List { entries: e }, _) if self.files_items(e, heading) => {
                    entries.extend(e.iter().map(|e| (e.clone(), Vec::new())))
                }
                (Kind::Paragraph | Kind::Other, None) => intro.push(block.span.clone()),
                (Kind::Paragraph | Kind::Other | Kind::List { .. }, Some((_, after))) => {
                    after.push(block.span.clone())
                }
                _ => return None,
            }
        }
        (!entries.is_empty()).then_some((intro, entries))
    }

    /// Whether the entries of a list are items: most name an issue after
    /// their title, or one does under a heading that names a repository.
    /// "**Link:** <address>" is a label and its value, not an item.
    fn files_items(&self, entries: &[Entry], heading: &str) -> bool {
        let referenced = entries
            .iter()
            .filter(|e| {
                let titled = refs::split(self.o.slice(&e.first), self.p.owner.is_some());
                let title = titled.title.trim_end_matches(['*', '_']);
                !titled.refs.is_empty() && !title.ends_with(':')
            })
            .count();
        is_repository(heading) && referenced > 0 || referenced * 2 > entries.len()
    }

    fn item(
        &mut self,
        heading: &str,
        section: Option<String>,
        parent: Option<usize>,
        discussed: bool,
        n: usize,
    ) -> usize {
        let titled = refs::split(heading, self.p.owner.is_some());
        self.mark(&self.head_span(n), Fate::Converted("item"));
        self.draft.items.push(DraftItem {
            title: titled.title,
            refs: titled.refs,
            section,
            parent,
            discussed,
            ..DraftItem::default()
        });
        self.draft.items.len() - 1
    }

    fn entry_item(
        &mut self,
        e: &Entry,
        parent: Option<usize>,
        section: Option<String>,
        discussed: bool,
    ) -> usize {
        let first = self.o.slice(&e.first);
        // A first line that ends with its issue is the title; what the
        // paragraph goes on with is the start of the notes.
        let line_end = first.find('\n').map(|i| e.first.start + i);
        let split = line_end.filter(|&end| {
            !refs::split(self.o.slice(&(e.first.start..end)), self.p.owner.is_some())
                .refs
                .is_empty()
        });
        let title_text = match split {
            Some(end) => one_line(self.o.slice(&(e.first.start..end))),
            None => one_line(first),
        };
        let titled = refs::split(&title_text, self.p.owner.is_some());
        let body = match split {
            Some(end) => {
                let from = self.o.whole_lines(end + 1..end + 1).start;
                (from < e.span.end).then_some(from..e.span.end)
            }
            None => (!e.rest.is_empty()).then(|| e.rest.clone()),
        };
        let head_end = body.as_ref().map_or(e.span.end, |b| b.start);
        self.mark(&(e.span.start..head_end), Fate::Converted("item"));
        self.draft.items.push(DraftItem {
            title: titled.title,
            refs: titled.refs,
            section,
            parent,
            discussed,
            ..DraftItem::default()
        });
        let item = self.draft.items.len() - 1;
        if let Some(body) = body {
            self.notes(item, std::slice::from_ref(&body), true);
        }
        item
    }

    /// Sets an item's notes to the text of `pieces`, kept verbatim (nested
    /// text dedented), and copies their marker lines.
    fn notes(&mut self, item: usize, pieces: &[Range<usize>], nested: bool) {
        for p in pieces {
            self.mark(p, Fate::Kept);
        }
        let text = join(self.o, pieces);
        let text = if nested { dedent(&text) } else { text };
        let marked = markers::scan(&text);
        let it = &mut self.draft.items[item];
        it.decisions.extend(marked.decisions);
        it.actions.extend(marked.actions);
        it.notes = text.trim_end().to_string();
    }

    /// Text in a body or under an item's heading: paragraph items or list
    /// items where the profile finds them, else the owner's notes (or, with
    /// no owner, the preamble).
    fn region(
        &mut self,
        pieces: &[Range<usize>],
        owner: Option<usize>,
        section: Option<String>,
        discussed: bool,
        lists: bool,
    ) {
        let blocks: Vec<usize> = self
            .o
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| {
                pieces
                    .iter()
                    .any(|p| p.start <= b.span.start && b.span.end <= p.end)
            })
            .map(|(i, _)| i)
            .collect();
        // Text that is not a whole block (what a labelled line left) stays
        // where it is.
        let covered: usize = blocks.iter().map(|&b| self.o.blocks[b].span.len()).sum();
        let whole = covered == pieces.iter().map(|p| p.len()).sum::<usize>();
        let starts: Vec<usize> = if !whole {
            Vec::new()
        } else if self.p.paragraph_items {
            self.paragraph_items(&blocks)
        } else {
            Vec::new()
        };
        if !starts.is_empty() {
            let first = starts[0];
            let before: Vec<Range<usize>> = blocks
                .iter()
                .take_while(|&&b| b != first)
                .map(|&b| self.o.blocks[b].span.clone())
                .collect();
            self.own_text(owner, &before);
            let last_list = owner.is_none().then(|| {
                blocks
                    .iter()
                    .rposition(|&b| matches!(self.o.blocks[b].kind, Kind::List { .. }))
            });
            for (k, &start) in starts.iter().enumerate() {
                let next = starts.get(k + 1).copied();
                let at = blocks.iter().position(|&b| b == start).unwrap_or(0);
                let mut body: Vec<usize> = blocks[at + 1..]
                    .iter()
                    .copied()
                    .take_while(|&b| Some(b) != next)
                    .collect();
                let mut trailing = Vec::new();
                if next.is_none() {
                    // After the last list of a body: the postscript.
                    if let Some(Some(last)) = last_list {
                        let cut = body
                            .iter()
                            .position(|&b| b > blocks[last])
                            .unwrap_or(body.len());
                        trailing = body.split_off(cut);
                    }
                }
                let block = self.o.blocks[start].clone();
                let titled =
                    refs::split(&one_line(self.o.slice(&block.span)), self.p.owner.is_some());
                self.mark(&block.span, Fate::Converted("item"));
                self.draft.items.push(DraftItem {
                    title: titled.title,
                    refs: titled.refs,
                    section: section.clone(),
                    parent: owner,
                    discussed,
                    ..DraftItem::default()
                });
                let item = self.draft.items.len() - 1;
                let spans = self.ranges(&body);
                if !spans.is_empty() {
                    let span = spans[0].start..spans[spans.len() - 1].end;
                    self.notes(item, &[span], false);
                }
                for b in trailing {
                    let span = self.o.blocks[b].span.clone();
                    self.keep(&span, Keep::Postscript);
                }
            }
            return;
        }
        if lists
            && whole
            && blocks
                .iter()
                .any(|&b| matches!(self.o.blocks[b].kind, Kind::List { .. }))
        {
            let mut last: Option<usize> = None;
            let mut before = Vec::new();
            for &b in &blocks {
                let block = self.o.blocks[b].clone();
                match &block.kind {
                    Kind::List { entries } => {
                        for e in entries {
                            last = Some(self.entry_item(e, owner, section.clone(), discussed));
                        }
                    }
                    _ => match last {
                        Some(item) => self.follow(item, std::slice::from_ref(&block.span)),
                        None => before.push(block.span.clone()),
                    },
                }
            }
            self.own_text(owner, &before);
            return;
        }
        self.own_text(owner, pieces);
    }

    /// Text between lists follows the item before it, at the end of its
    /// notes, verbatim, its marker lines copied as the notes' are.
    fn follow(&mut self, item: usize, pieces: &[Range<usize>]) {
        for span in pieces {
            self.mark(span, Fate::Kept);
            let text = self.o.slice(span).trim_end();
            let marked = markers::scan(text);
            let it = &mut self.draft.items[item];
            if !it.notes.is_empty() {
                it.notes.push_str("\n\n");
            }
            it.notes.push_str(text);
            it.decisions.extend(marked.decisions);
            it.actions.extend(marked.actions);
        }
    }

    /// Text of an item (its notes), or of the body before its first item
    /// (the preamble).
    fn own_text(&mut self, owner: Option<usize>, pieces: &[Range<usize>]) {
        let pieces: Vec<Range<usize>> = pieces
            .iter()
            .filter(|p| !self.o.slice(p).trim().is_empty())
            .cloned()
            .collect();
        if pieces.is_empty() {
            return;
        }
        match owner {
            Some(item) => {
                let span = pieces[0].start..pieces[pieces.len() - 1].end;
                self.notes(item, &[span], false);
            }
            None => self.pieces_to_preamble(&pieces),
        }
    }

    /// The paragraphs of `blocks` that open an item: one line naming an
    /// issue, or a short line followed by a list.
    fn paragraph_items(&self, blocks: &[usize]) -> Vec<usize> {
        let mut out = Vec::new();
        for (k, &b) in blocks.iter().enumerate() {
            let block = &self.o.blocks[b];
            if !matches!(block.kind, Kind::Paragraph) {
                continue;
            }
            let text = self.o.slice(&block.span).trim();
            if text.contains('\n') || text.len() > 200 {
                continue;
            }
            let names_issue =
                text.starts_with('[') && !refs::split(text, self.p.owner.is_some()).refs.is_empty();
            let before_list = blocks
                .get(k + 1)
                .is_some_and(|&n| matches!(self.o.blocks[n].kind, Kind::List { .. }));
            let topic = before_list && !text.ends_with('.');
            if names_issue || topic {
                out.push(b);
            }
        }
        out
    }
}

#[derive(Clone, Copy)]
enum Keep {
    Preamble,
    Postscript,
}

/// `owner/repo` or `org/repo.name`: a heading that names a repository.
fn is_repository(text: &str) -> bool {
    let text = text.trim().trim_matches('`');
    let Some((owner, repo)) = text.split_once('/') else {
        return false;
    };
    let part = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    // "ML/AI" names no repository: owners are written in lower case.
    part(owner) && part(repo) && owner.bytes().any(|b| b.is_ascii_lowercase())
}

/// The pieces of text, each trimmed of blank lines, joined by a blank line.
fn join(outline: &Outline<'_>, pieces: &[Range<usize>]) -> String {
    let mut out = String::new();
    for p in pieces {
        let text = outline.slice(p);
        let text = text.trim_end();
        let text = text.trim_start_matches(['\n', '\r']);
        // Leading blank lines, but not the indentation of the first line.
        let text = match text.find(|c: char| !c.is_whitespace()) {
            Some(_) => text,
            None => continue,
        };
        let start = text
            .char_indices()
            .take_while(|(_, c)| c.is_whitespace())
            .filter(|(_, c)| *c == '\n')
            .map(|(i, _)| i + 1)
            .last()
            .unwrap_or(0);
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&text[start..]);
    }
    out
}

/// A line of a links section: "**Recording**: <https://...>",
/// "Minutes: https://...", "[Agenda](https://...)".
fn link(text: &str) -> Option<Link> {
    let text = text.trim();
    let (at, url) = url_in(text)?;
    let mut label = text[..at]
        .trim()
        .trim_end_matches(['<', '(', '['])
        .replace(['*', '_'], "")
        .trim()
        .trim_end_matches(':')
        .trim()
        .to_string();
    if label.is_empty() {
        if let Some((words, _, _)) = refs::link_at(text) {
            label = words.trim().to_string();
        }
    }
    let lower = label.to_lowercase();
    let kind = if ["record", "video", "youtube", "audio", "hangout"]
        .iter()
        .any(|w| lower.contains(w))
    {
        LinkKind::Recording
    } else if lower.contains("previous") {
        LinkKind::Other
    } else if lower.contains("issue") {
        LinkKind::Issue
    } else if ["minutes", "doc", "notes", "hackmd"]
        .iter()
        .any(|w| lower.contains(w))
    {
        LinkKind::MinutesDoc
    } else if lower.contains("agenda") {
        LinkKind::Agenda
    } else if ["chat", "zulip", "slack", "irc", "discord"]
        .iter()
        .any(|w| lower.contains(w))
    {
        LinkKind::Chat
    } else if lower.contains("slides") {
        LinkKind::Slides
    } else {
        LinkKind::Other
    };
    Some(Link {
        kind,
        url,
        label: Some(label).filter(|l| !l.is_empty()),
    })
}

/// The first web address in `text`: where its markup starts, and the address.
fn url_in(text: &str) -> Option<(usize, String)> {
    let at = text.find("http://").or_else(|| text.find("https://"))?;
    let rest = &text[at..];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '>' | ')' | ']'))
        .unwrap_or(rest.len());
    let url = rest[..end].to_string();
    // Where the link's markup begins: `<`, `(`, or the `[` of `[text](`.
    let mut start = at;
    if text[..at].ends_with('<') {
        start = at - 1;
    } else if text[..at].ends_with("](") {
        start = text[..at].rfind('[').unwrap_or(at);
    }
    Some((start, url))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::profile::named;

    fn draft(text: &str, profile: &str) -> Draft {
        read(&Outline::parse(text), named(profile).unwrap())
    }

    fn titles(d: &Draft) -> Vec<(&str, Option<&str>, Option<usize>)> {
        d.items
            .iter()
            .map(|i| (i.title.as_str(), i.section.as_deref(), i.parent))
            .collect()
    }

    #[test]
    fn sections_under_attendees_by_their_level_alone_are_items() {
        let d = draft(
            "# Team meeting 2015-05-21\n\n## Participants\n\n* Ana Lima\n* Rui Matos\n\n\
             ### Upcoming releases\n\nSoon.\n\n#### v1.2\n\nFriday.\n",
            "generic",
        );
        assert_eq!(d.attendees.len(), 2);
        assert_eq!(
            titles(&d),
            [("Upcoming releases", None, None), ("v1.2", None, Some(0))]
        );
        assert_eq!(d.items[1].notes, "Friday.");
    }

    #[test]
    fn a_heading_over_issues_files_them_and_a_heading_like_a_path_need_not() {
        let d = draft(
            "# Call 2025-01-08\n\n## Agenda\n\n### acme/core\n\n\
             * fix: the parser [#12](https://github.com/acme/core/pull/12)\n  * Ana: merged.\n\n\
             ### ML/AI\n\n* (10:35)\n* [ana] models are large.\n",
            "nodejs-tsc",
        );
        assert_eq!(
            titles(&d),
            [
                ("fix: the parser", Some("acme/core"), None),
                ("ML/AI", None, None)
            ]
        );
        assert_eq!(d.items[0].refs, ["https://github.com/acme/core/pull/12"]);
        assert_eq!(d.items[0].notes, "* Ana: merged.");
        assert_eq!(d.items[1].notes, "* (10:35)\n* [ana] models are large.");
    }

    #[test]
    fn text_and_lists_without_issues_between_the_lists_of_a_group_stay_with_the_item_before() {
        let text = "# Board call 2020-10-06\n\n## Agenda\n\n### acme/board\n\n\
                    * Task forces? [#9](https://github.com/acme/board/issues/9)\n  \n \
                    Ivo: a clear end date.\nACTION: Mara to draft it.\n\n\
                    * Budget [#8](https://github.com/acme/board/pull/8)\n  * Mara: next step.\n\n\
                    - Ivo: one more thing.\n-Mara: a line that goes on.\n\n\
                    [B-1]: https://github.com/acme/board/issues/1\n";
        let d = draft(text, "nodejs-tsc");
        assert_eq!(
            titles(&d),
            [
                ("Task forces?", Some("acme/board"), None),
                ("Budget", Some("acme/board"), None)
            ]
        );
        assert_eq!(
            d.items[0].notes,
            " Ivo: a clear end date.\nACTION: Mara to draft it."
        );
        assert_eq!(d.items[0].actions, ["Mara to draft it."]);
        assert_eq!(
            d.items[1].notes,
            "* Mara: next step.\n\n- Ivo: one more thing.\n-Mara: a line that goes on.\n\n\
             [B-1]: https://github.com/acme/board/issues/1"
        );
        let outline = Outline::parse(text);
        let fates: Vec<_> = d.ledger.fates(|n| outline.line(n)).collect();
        assert!(
            !fates.iter().any(|(_, f)| *f == Fate::Dropped("unplaced")),
            "{fates:?}"
        );
    }

    #[test]
    fn topics_are_lines_before_lists_and_text_after_the_last_is_the_postscript() {
        let d = draft(
            "# Group notes, Jul 24 2025\n\n * Chair: Kai Brandt\n * Scribes: Rosa Lind\n\nTime: 8 AM\n\n\
             ## Meeting notes\n\nIntro:\n\n * [kai] welcome\n\n\
             [Issue 7](https://github.com/g/x/issues/7): Root nodes\n\n * [rosa] yes\n\n\
             The next meeting is in two weeks.\n",
            "w3c-wecg",
        );
        assert_eq!(d.chairs[0].name, "Kai Brandt");
        assert_eq!(d.scribes[0].name, "Rosa Lind");
        assert_eq!(d.preamble, "Time: 8 AM");
        assert_eq!(
            titles(&d),
            [
                ("Intro:", Some("Meeting notes"), None),
                ("Root nodes", Some("Meeting notes"), None)
            ]
        );
        assert_eq!(d.postscript, "The next meeting is in two weeks.");
    }

    #[test]
    fn roles_and_attendance_named_in_the_notes_are_copied_where_the_head_has_none() {
        let d = draft(
            "# Council meeting 2024 09 13\n\n- Record attendance\n    - Council: Ana, Rui\n    - Observers: Lu\n\
             - Assign roles\n    - Facilitator: Ana\n    - Scribe: Rui\n- Minutes: see the document\n",
            "rust-council",
        );
        let names = |list: &[Mention]| list.iter().map(|m| m.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&d.chairs), ["Ana"]);
        assert_eq!(names(&d.scribes), ["Rui"]);
        assert_eq!(names(&d.attendees), ["Ana", "Rui", "Lu"]);
        assert_eq!(d.attendees[2].role.as_deref(), Some("observer"));
        assert!(d.items[1].notes.contains("Facilitator: Ana"));
    }

    #[test]
    fn every_line_has_a_fate() {
        let text = "---\ntitle: x\n---\n# Council meeting 2025-05-16\n\n## Attendance\n\n\
                    - Council members: Ana, Rui\n\n## Meeting roles\n\n- Facilitator: Ana\n\n\
                    ## Topics we didn't get to\n\n### \"Budget\" council#3\n\n- **Link:** https://github.com/acme/council/issues/3\n";
        let outline = Outline::parse(text);
        let d = read(&outline, named("rust-council").unwrap());
        let fates: Vec<Fate> = d
            .ledger
            .fates(|n| outline.line(n))
            .map(|(_, f)| f)
            .collect();
        assert!(!fates.contains(&Fate::Dropped("unplaced")), "{fates:?}");
        assert_eq!(fates[0], Fate::Dropped("front matter"));
        assert_eq!(fates[3], Fate::Converted("title"));
        assert_eq!(
            d.items[0].section.as_deref(),
            Some("Topics we didn't get to")
        );
        assert!(!d.items[0].discussed);
        assert_eq!(d.items[0].refs, ["acme/council#3"]);
    }
}
