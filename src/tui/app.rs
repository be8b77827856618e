//! The TUI's state: plain data, changed only by [`super::update()`] and read by [`super::view`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tui_input::Input;

use crate::answers::{AnswerValue, Answers, ClauseChoice, init_file, parse_answers};
use crate::doc::Document;
use crate::engine::{ClauseState, Engine};
use crate::error::Result;
use crate::library::{ClauseKind, Library, Question, QuestionKind};
use crate::render::reading::{Look, ReadingLine, to_reading};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Start,
    Main,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Interview,
    Clauses,
    Preview,
    /// Everything on one page before export: answers, clause choices, problems, placeholders.
    Review,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Interview, Tab::Clauses, Tab::Preview, Tab::Review];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Interview => "1 Questions",
            Tab::Clauses => "2 Clauses",
            Tab::Preview => "3 Preview",
            Tab::Review => "4 Review",
        }
    }
}

/// A dialog drawn over the screen; it takes every key while open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help,
    /// Export the drafts: the base path is typed in [`App::export_input`].
    Export {
        formats: ExportFormats,
        /// The DOCX carries the drafting notes as Word comments.
        annotated: bool,
    },
    /// Every placeholder left, with where it is and who fills it in; one is highlighted.
    Placeholders {
        selected: usize,
    },
    ConfirmQuit,
    /// An autosaved recovery file was found at start: recover it or discard it.
    Recover {
        path: PathBuf,
    },
}

/// Which drafts the export writes; Tab cycles through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormats {
    Both,
    Docx,
    Markdown,
}

impl ExportFormats {
    pub fn next(self) -> Self {
        match self {
            ExportFormats::Both => ExportFormats::Docx,
            ExportFormats::Docx => ExportFormats::Markdown,
            ExportFormats::Markdown => ExportFormats::Both,
        }
    }

    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            ExportFormats::Both => &["docx", "md"],
            ExportFormats::Docx => &["docx"],
            ExportFormats::Markdown => &["md"],
        }
    }
}

/// What one answer in the interview is: a question, or one field of one entry of a records
/// question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Question { section: usize, question: usize },
    Field { section: usize, question: usize, entry: usize, field: usize },
}

/// A line of the interview list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Section {
        section: usize,
        answered: usize,
        asked: usize,
    },
    Answer(Target),
    /// "+ add an entry" under a records question.
    AddEntry {
        section: usize,
        question: usize,
    },
}

/// An open editor for the highlighted answer.
#[derive(Debug, Clone)]
pub enum Editor {
    /// Text, paragraph, date, money, percentage and number: typed, checked as you type.
    /// `original` is restored by Esc.
    Line {
        input: Input,
        error: Option<String>,
        original: Option<AnswerValue>,
    },
    OneOf {
        selected: usize,
    },
    ManyOf {
        selected: usize,
        chosen: Vec<bool>,
    },
}

/// One line of the clause outline, numbered as the draft numbers it now.
#[derive(Debug, Clone)]
pub struct OutlineRow {
    pub id: String,
    pub number: Option<String>,
    pub title: String,
    pub part: Option<String>,
    pub state: ClauseState,
    pub optional: bool,
    pub alternatives: Vec<(String, String)>,
    pub selected: Option<String>,
}

/// One document of the pack the answers make: the main one, or a companion (for one record of
/// its repeating answer, `index` counting its records from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackEntry {
    pub companion: Option<String>,
    pub record: Option<String>,
    pub index: usize,
}

/// The companion document on show in the Clauses and Preview tabs, as assembled for the
/// answers of one generation. Built only when shown, so typing an answer costs what it costs
/// for the main document alone.
#[derive(Debug, Clone)]
pub struct CompanionView {
    pub generation: u64,
    pub doc: usize,
    pub outline: Vec<OutlineRow>,
    pub document: std::result::Result<Document, String>,
}

/// Every companion document of the pack, as assembled for the answers of one generation: built
/// when the placeholders list or the Review tab is opened, never while typing, so the keystroke
/// costs what it costs for the main document alone.
#[derive(Debug, Clone)]
pub struct PackDrafts {
    pub generation: u64,
    /// Document `doc` of the pack is `docs[doc - 1]`: the draft, or why it cannot be assembled.
    pub docs: Vec<std::result::Result<Document, String>>,
    /// Their placeholders, found once: moving in the list re-reads no companion.
    pub spots: Vec<super::review::Spot>,
}

/// The start screen: choose a variant, or type the path of an answers file to open.
#[derive(Debug, Clone, Default)]
pub struct StartState {
    pub selected: usize,
    pub opening: Option<Input>,
    pub error: Option<String>,
    /// How far the About pane is paged, and how far it can go as last drawn.
    pub about_scroll: usize,
    pub about_max: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Preview {
    pub lines: Vec<ReadingLine>,
    /// Shows the Markdown draft's source instead of the draft as it reads (`m`).
    pub markdown: bool,
    /// The paragraph at the top of the pane, and how many of its rows are scrolled past.
    pub scroll: usize,
    pub scroll_row: usize,
    /// The pane's inner width when last drawn: the rows paragraphs wrap to.
    pub width: usize,
    /// The search being typed after `/`.
    pub search: Option<Input>,
    /// The last search, for `n` and `N` and highlighting.
    pub query: String,
    /// Why the draft could not be assembled, if it could not.
    pub error: Option<String>,
}

pub struct App<'l> {
    pub library: &'l Library,
    pub engine: &'l Engine<'l>,
    /// The answers file: saved to with Ctrl-S, drafts exported beside it.
    pub path: PathBuf,
    pub screen: Screen,
    pub tab: Tab,
    pub start: StartState,
    pub answers: Answers,
    /// The answers as the answers file holds them, to tell whether there is anything to save;
    /// None until the file is first written.
    saved: Option<SavedAnswers>,
    pub rows: Vec<Row>,
    pub row: usize,
    pub editor: Option<Editor>,
    pub outline: Vec<OutlineRow>,
    pub clause_row: usize,
    pub preview: Preview,
    /// The main document, assembled after every change.
    pub document: Option<Document>,
    /// The documents of the pack, main first, and the one the Clauses and Preview tabs show.
    pub pack: Vec<PackEntry>,
    pub doc: usize,
    /// The companion shown (when `doc` is not 0), if built for the answers as they are.
    pub companion: Option<CompanionView>,
    /// Every companion document, for the placeholders list and Review; see [`PackDrafts`].
    pub pack_drafts: Option<PackDrafts>,
    /// Problems with the answers, by question id ("" for rules across questions).
    pub problems: BTreeMap<String, Vec<String>>,
    /// Sections one of whose rules (shares adding up to 100%) fails: not ticked complete.
    pub failing_sections: std::collections::BTreeSet<usize>,
    pub overlay: Option<Overlay>,
    /// A one-line message at the foot of the screen, and whether it reports a failure.
    pub status: Option<(String, bool)>,
    pub quit: bool,
    /// Rows the interview list showed last, so scrolling keeps the highlight in view.
    pub list_height: usize,
    /// The export dialog's base path (drafts are BASE.docx and BASE.md).
    pub export_input: Input,
    /// The export dialog's "compare with…": an earlier answers file; when given, the export
    /// writes a redline against it too (BASE-redline.docx and .md).
    pub compare_input: Input,
    /// Whether typing in the export dialog goes to "compare with…" (Ctrl-R) or the base path.
    pub compare_focus: bool,
    /// Why the export dialog's last Enter wrote nothing, shown in the dialog.
    pub export_error: Option<String>,
    /// Counts changes to the answers, so the runtime autosaves only when something changed.
    pub generation: u64,
    /// The right-hand pane (the answer's or the clause's details): the row it is scrolled to,
    /// the furthest it can go as last drawn, and which tab and row it shows.
    pub detail_scroll: usize,
    pub detail_max: usize,
    pub detail_of: (Tab, usize),
    /// How far the help is scrolled.
    pub help_scroll: usize,
    /// The generation the recovery file was last brought up to date with (written, or removed
    /// because the answers are back to what the answers file holds).
    pub autosaved: u64,
    /// Whether this session wrote the recovery file (so it may remove it again).
    pub recovery_written: bool,
    /// Quit once the save asked for by the quit dialog has succeeded; a failed save stays.
    pub quit_after_save: bool,
    /// The user chose, with the deliberate `D`, to leave without saving: the runtime keeps the
    /// answers in a `.discarded` file rather than delete them.
    pub discarded: bool,
}

impl<'l> App<'l> {
    /// The start screen; choosing a variant will draft into `path`, or a new file in the
    /// current folder when there is none.
    pub fn start(library: &'l Library, engine: &'l Engine<'l>, path: Option<PathBuf>) -> Self {
        App {
            library,
            engine,
            path: path.unwrap_or_default(),
            screen: Screen::Start,
            tab: Tab::Interview,
            start: StartState::default(),
            answers: Answers::default(),
            saved: None,
            rows: Vec::new(),
            row: 0,
            editor: None,
            outline: Vec::new(),
            clause_row: 0,
            preview: Preview::default(),
            document: None,
            pack: Vec::new(),
            doc: 0,
            companion: None,
            pack_drafts: None,
            problems: BTreeMap::new(),
            failing_sections: Default::default(),
            overlay: None,
            status: None,
            quit: false,
            list_height: 20,
            export_input: Input::default(),
            compare_input: Input::default(),
            compare_focus: false,
            export_error: None,
            generation: 0,
            detail_scroll: 0,
            detail_max: 0,
            detail_of: (Tab::Interview, 0),
            help_scroll: 0,
            autosaved: 0,
            recovery_written: false,
            quit_after_save: false,
            discarded: false,
        }
    }

    /// Opens parsed answers read from `path`.
    pub fn with_answers(library: &'l Library, engine: &'l Engine<'l>, path: PathBuf, answers: Answers) -> Self {
        let mut app = App::start(library, engine, Some(path));
        app.open(answers);
        app.mark_saved();
        app.autosaved = app.generation;
        app
    }

    /// Starts a new draft of a variant with its default answers.
    pub fn new_draft(&mut self, variant: &str) -> Result<()> {
        let Some(v) = self.library.variant(variant) else {
            return Err(crate::error::Error::one(crate::error::Diagnostic::error(
                "",
                0,
                0,
                format!("unknown variant `{variant}`"),
            )));
        };
        if self.path.as_os_str().is_empty() {
            self.path = free_path(Path::new("."), variant);
        }
        let mut answers = parse_answers(&self.path.display().to_string(), &init_file(self.library, v), self.library)?;
        answers.locations.clear();
        answers.clause_locations.clear();
        self.open(answers);
        Ok(())
    }

    fn open(&mut self, answers: Answers) {
        self.answers = answers;
        self.answers.path = self.path.display().to_string();
        self.screen = Screen::Main;
        self.tab = Tab::Interview;
        self.row = 0;
        self.clause_row = 0;
        self.editor = None;
        self.doc = 0;
        self.refresh();
        self.row = self.rows.iter().position(|r| matches!(r, Row::Answer(_))).unwrap_or(0);
    }

    pub fn variant_title(&self) -> &str {
        self.library.variant(&self.answers.variant).map_or("", |v| v.short_title.as_str())
    }

    /// Recomputes everything derived from the answers: the interview rows, the problems, the
    /// outline and the preview. Called after every change, so the screen never shows stale
    /// numbers.
    pub fn refresh(&mut self) {
        self.generation += 1;
        let asked = self.engine.asked_questions(&self.answers);
        self.rows = interview_rows(self.library, &self.answers, &asked);
        if self.row >= self.rows.len() {
            self.row = self.rows.len().saturating_sub(1);
        }
        self.problems = problems(self.engine, &self.answers);
        let failed = self.problems.get("").cloned().unwrap_or_default();
        self.failing_sections = (self.library.sections.iter().enumerate())
            .filter(|(_, s)| {
                s.rules.iter().any(|r| {
                    // As the engine words a broken rule: its message and the questions it names.
                    let said = crate::engine::rule_message(r);
                    failed.iter().any(|m| *m == said || *m == super::typed::worded(self.library, &said))
                })
            })
            .map(|(i, _)| i)
            .collect();
        self.outline = match self.engine.outline(&self.answers) {
            Ok(outline) => number_outline(outline),
            Err(_) => Vec::new(),
        };
        if self.clause_row >= self.outline.len() {
            self.clause_row = self.outline.len().saturating_sub(1);
        }
        self.document = match self.engine.assemble(&self.answers) {
            Ok(doc) => Some(doc),
            Err(e) => {
                if self.doc == 0 {
                    self.preview.error = Some(e.to_string());
                }
                None
            }
        };
        self.pack = (self.engine.pack_outline(&self.answers).into_iter())
            .scan(BTreeMap::<Option<String>, usize>::new(), |seen, (companion, record)| {
                let index = seen.entry(companion.clone()).or_default();
                *index += 1;
                Some(PackEntry { companion, record, index: *index - 1 })
            })
            .collect();
        // A practice removed while its agreement was on show: the last document instead.
        self.doc = self.doc.min(self.pack.len().saturating_sub(1));
        if self.doc == 0 {
            if self.document.is_some() {
                self.preview.error = None;
                self.fill_preview();
            }
        } else {
            self.companion = None;
            self.show_document();
        }
    }

    /// Builds the companion on show, if the Clauses or Preview tab shows it and it is not
    /// built for these answers yet: companions are assembled only when looked at.
    pub fn show_document(&mut self) {
        if self.doc == 0 || !matches!(self.tab, Tab::Clauses | Tab::Preview) {
            return;
        }
        if self.companion.as_ref().is_some_and(|c| c.generation == self.generation && c.doc == self.doc) {
            return;
        }
        let Some(PackEntry { companion: Some(id), index, .. }) = self.pack.get(self.doc).cloned() else { return };
        let outline = match self.engine.outline_of_companion(&self.answers, &id, index) {
            Ok(outline) => number_outline(outline),
            Err(_) => Vec::new(),
        };
        // Already assembled for the placeholders list or Review: not again.
        let document = match self.pack_draft(self.doc) {
            Some(Ok(doc)) => Ok(doc.clone()),
            _ => self.engine.assemble_companion(&self.answers, &id, index).map_err(|e| e.to_string()),
        };
        self.preview.error = document.as_ref().err().cloned();
        self.companion = Some(CompanionView { generation: self.generation, doc: self.doc, outline, document });
        if self.clause_row >= self.shown_outline().len() {
            self.clause_row = self.shown_outline().len().saturating_sub(1);
        }
        self.fill_preview();
    }

    /// Assembles every companion document for the answers as they are, unless already done:
    /// called when the placeholders list or the Review tab opens, not on every change.
    pub fn assemble_companions(&mut self) {
        if self.pack.len() < 2 || self.pack_drafts.as_ref().is_some_and(|p| p.generation == self.generation) {
            return;
        }
        // The whole pack at once (one main assembly, companions on every core); if one
        // document fails, each on its own, so the others are still listed and the failure named.
        let docs = match self.engine.assemble_pack(&self.answers) {
            Ok(pack) if pack.len() == self.pack.len() => pack.into_iter().skip(1).map(|d| Ok(d.document)).collect(),
            _ => (self.pack.iter().skip(1))
                .map(|entry| match &entry.companion {
                    Some(id) => {
                        self.engine.assemble_companion(&self.answers, id, entry.index).map_err(|e| e.to_string())
                    }
                    None => Err("not a companion".to_string()),
                })
                .collect(),
        };
        self.pack_drafts = Some(PackDrafts { generation: self.generation, docs, spots: Vec::new() });
        let spots = super::review::companion_spots(self);
        if let Some(drafts) = self.pack_drafts.as_mut() {
            drafts.spots = spots;
        }
    }

    /// Document `doc` of the pack as last assembled for the answers as they are: the main one
    /// always, a companion once [`App::assemble_companions`] has run since the last change.
    pub fn pack_draft(&self, doc: usize) -> Option<std::result::Result<&Document, &str>> {
        if doc == 0 {
            return self.document.as_ref().map(Ok);
        }
        let drafts = self.pack_drafts.as_ref().filter(|p| p.generation == self.generation)?;
        drafts.docs.get(doc - 1).map(|d| d.as_ref().map_err(String::as_str))
    }

    /// Shows the next (or previous) document of the pack in the Clauses and Preview tabs,
    /// from its top.
    pub fn switch_document(&mut self, forward: bool) {
        let n = self.pack.len();
        if n < 2 {
            self.status = Some(("This draft is one document: no other documents to show".to_string(), false));
            return;
        }
        self.set_document(if forward { (self.doc + 1) % n } else { (self.doc + n - 1) % n });
    }

    /// Shows document `doc` of the pack (0: the main one) from its top.
    pub fn set_document(&mut self, doc: usize) {
        if doc == self.doc || doc >= self.pack.len().max(1) {
            return;
        }
        self.doc = doc;
        self.clause_row = 0;
        self.detail_scroll = 0;
        self.preview.scroll = 0;
        self.preview.scroll_row = 0;
        if self.doc == 0 {
            self.companion = None;
            self.preview.error = match &self.document {
                Some(_) => None,
                None => Some("The draft cannot be assembled with these answers: see 1 Questions".to_string()),
            };
            self.fill_preview();
        } else {
            self.show_document();
        }
    }

    /// What the document on show is called: "Integration Agreement — Netherton Health Centre".
    pub fn document_name(&self, doc: usize) -> String {
        match self.pack.get(doc) {
            Some(PackEntry { companion: Some(id), record, .. }) => {
                let title = self.library.companion(id).map_or(id.as_str(), |c| c.title.as_str());
                match record {
                    Some(r) => format!("{title} — {r}"),
                    None => title.to_string(),
                }
            }
            _ => self.variant_title().to_string(),
        }
    }

    /// "Integration Agreement — Netherton Health Centre (2 of 4)".
    pub fn document_label(&self) -> String {
        format!("{} ({} of {})", self.document_name(self.doc), self.doc + 1, self.pack.len().max(1))
    }

    /// The outline of the document on show: the main one's, or the companion's.
    pub fn shown_outline(&self) -> &[OutlineRow] {
        if self.doc == 0 {
            return &self.outline;
        }
        self.companion.as_ref().map_or(&[], |c| c.outline.as_slice())
    }

    /// The document on show in the Preview, if it could be assembled.
    pub fn shown_document(&self) -> Option<&Document> {
        if self.doc == 0 {
            return self.document.as_ref();
        }
        self.companion.as_ref().and_then(|c| c.document.as_ref().ok())
    }

    /// The preview's lines from the assembled draft: as it reads, or as Markdown source.
    pub fn fill_preview(&mut self) {
        let Some(doc) = self.shown_document() else { return };
        let lines = if self.preview.markdown {
            crate::render::markdown::to_markdown(doc)
                .lines()
                .map(|l| {
                    let look = if l.starts_with('#') { Look::Heading } else { Look::Body };
                    ReadingLine::styled(look, l)
                })
                .collect()
        } else {
            to_reading(doc)
        };
        self.preview.lines = lines;
    }

    pub fn placeholders_left(&self) -> usize {
        self.document.as_ref().map_or(0, |d| d.placeholders.len())
    }

    pub fn question(&self, section: usize, question: usize) -> &'l Question {
        &self.library.sections[section].questions[question]
    }

    /// The question (or record field) a target edits.
    pub fn target_question(&self, t: &Target) -> &'l Question {
        match *t {
            Target::Question { section, question } => self.question(section, question),
            Target::Field { section, question, field, .. } => &self.question(section, question).fields[field],
        }
    }

    pub fn value(&self, t: &Target) -> Option<&AnswerValue> {
        match *t {
            Target::Question { section, question } => self.answers.values.get(&self.question(section, question).id),
            Target::Field { section, question, entry, field } => {
                let q = self.question(section, question);
                match self.answers.values.get(&q.id) {
                    Some(AnswerValue::Records(records)) => records.get(entry)?.get(&q.fields[field].id),
                    _ => None,
                }
            }
        }
    }

    /// The questions asked now (their ids), to notice ones a change brings in.
    fn asked_ids(&self) -> Vec<String> {
        self.rows
            .iter()
            .filter_map(|r| match r {
                Row::Answer(t @ Target::Question { .. }) => Some(self.target_question(t).id.clone()),
                _ => None,
            })
            .collect()
    }

    /// Says which questions a change has brought in (a clause choice that needs shares), so
    /// they do not appear unannounced in a list the user is not looking at.
    fn announce_new_questions(&mut self, before: &[String]) {
        let new: Vec<String> = (self.rows.iter())
            .filter_map(|r| match r {
                Row::Answer(t @ Target::Question { .. }) if !before.contains(&self.target_question(t).id) => {
                    Some(self.target_question(t).label.clone())
                }
                _ => None,
            })
            .collect();
        if !new.is_empty() {
            self.status = Some((format!("New on 1 Questions: {}", new.join("; ")), false));
        }
    }

    /// Sets (or with `None` clears) an answer, then refreshes.
    pub fn set_value(&mut self, t: &Target, value: Option<AnswerValue>) {
        let before = self.asked_ids();
        match *t {
            Target::Question { section, question } => {
                let id = self.question(section, question).id.clone();
                match value {
                    Some(v) => self.answers.values.insert(id, v),
                    None => self.answers.values.remove(&id),
                };
            }
            Target::Field { section, question, entry, field } => {
                let q = self.question(section, question);
                if let Some(record) = self.records_mut(&q.id).get_mut(entry) {
                    let key = q.fields[field].id.clone();
                    match value {
                        Some(v) => record.insert(key, v),
                        None => record.remove(&key),
                    };
                }
            }
        }
        self.refresh();
        self.announce_new_questions(&before);
    }

    /// The entries of a records question, created empty if it has none yet.
    pub fn records_mut(&mut self, id: &str) -> &mut Vec<BTreeMap<String, AnswerValue>> {
        let slot = self.answers.values.entry(id.to_string()).or_insert_with(|| AnswerValue::Records(Vec::new()));
        if !matches!(slot, AnswerValue::Records(_)) {
            *slot = AnswerValue::Records(Vec::new());
        }
        match slot {
            AnswerValue::Records(r) => r,
            _ => unreachable!("set to records just above"),
        }
    }

    pub fn set_clause(&mut self, id: &str, choice: ClauseChoice) {
        let before = self.asked_ids();
        self.answers.clauses.insert(id.to_string(), choice);
        self.refresh();
        self.announce_new_questions(&before);
    }

    /// Where the drafts go: the answers file's path without its extension.
    pub fn export_base(&self) -> PathBuf {
        crate::cmd::render::default_base(&self.path)
    }

    /// The drafts the export dialog will write, as it stands: every document of the pack
    /// (the contract and each Integration Agreement), in each format.
    pub fn export_paths(&self, formats: ExportFormats) -> Vec<PathBuf> {
        let base = PathBuf::from(self.export_input.value().trim());
        let outline = self.engine.pack_outline(&self.answers);
        let names: Vec<(Option<&str>, Option<&str>)> =
            outline.iter().map(|(c, r)| (c.as_deref(), r.as_deref())).collect();
        crate::pack::bases(self.library, &base, &names)
            .iter()
            .flat_map(|b| formats.extensions().iter().map(move |ext| crate::cmd::with_suffix(b, ext)))
            .collect()
    }

    /// The earlier answers file the export compares with, if one is typed.
    pub fn compare_with(&self) -> Option<PathBuf> {
        let typed = self.compare_input.value().trim();
        (!typed.is_empty()).then(|| PathBuf::from(typed))
    }

    /// The redline the export writes when comparing: `BASE-redline.docx` and `.md`, in the
    /// formats chosen.
    pub fn redline_paths(&self, formats: ExportFormats) -> Vec<PathBuf> {
        if self.compare_with().is_none() {
            return Vec::new();
        }
        let base = redline_base(Path::new(self.export_input.value().trim()));
        formats.extensions().iter().map(|ext| crate::cmd::with_suffix(&base, ext)).collect()
    }

    /// A recovery file left by an earlier session for this answers file, if any.
    pub fn recovery_candidate(&self) -> Option<PathBuf> {
        if self.path.as_os_str().is_empty() {
            return None;
        }
        let path = super::recovery_path(&self.path);
        path.is_file().then_some(path)
    }

    /// Whether the answers differ from the answers file (or it has not been written yet). An
    /// edit that is undone, or changed back by hand, leaves nothing to save.
    pub fn modified(&self) -> bool {
        self.saved.as_ref().is_none_or(|saved| *saved != SavedAnswers::of(&self.answers))
    }

    /// The answers as they stand are now what the answers file holds.
    pub fn mark_saved(&mut self) {
        self.saved = Some(SavedAnswers::of(&self.answers));
    }

    /// Asks whether to recover, when an earlier session left unsaved answers.
    pub fn offer_recovery(&mut self) {
        if let Some(path) = self.recovery_candidate() {
            self.overlay = Some(Overlay::Recover { path });
        }
    }

    /// Takes over answers from a recovery file: they are not yet saved to the answers file.
    pub fn recover(&mut self, answers: Answers) {
        self.open(answers);
        // The recovery file now holds these answers: it is this session's to keep up to date.
        self.recovery_written = true;
        self.autosaved = self.generation;
        self.status = Some(("Recovered the unsaved answers; Ctrl-S saves them".to_string(), false));
    }
}

/// What of the answers the answers file records (not where each one stood in it).
#[derive(Debug, PartialEq)]
struct SavedAnswers {
    values: BTreeMap<String, AnswerValue>,
    clauses: BTreeMap<String, ClauseChoice>,
}

impl SavedAnswers {
    fn of(answers: &Answers) -> Self {
        SavedAnswers { values: answers.values.clone(), clauses: answers.clauses.clone() }
    }
}

/// `BASE-redline`: where the export writes a redline, beside the drafts at `BASE`.
pub fn redline_base(base: &Path) -> PathBuf {
    let mut s = base.as_os_str().to_os_string();
    s.push("-redline");
    PathBuf::from(s)
}

/// `./alliance.toml`, or `./alliance-2.toml` if that exists, and so on: never an existing file.
fn free_path(dir: &Path, variant: &str) -> PathBuf {
    let first = dir.join(format!("{variant}.toml"));
    if !first.exists() {
        return first;
    }
    (2..).map(|n| dir.join(format!("{variant}-{n}.toml"))).find(|p| !p.exists()).unwrap_or(first)
}

pub(crate) fn is_answered(v: Option<&AnswerValue>) -> bool {
    match v {
        // A list counts once every entry has its first field (the name) filled in.
        Some(AnswerValue::Records(r)) => {
            !r.is_empty() && r.iter().all(|e| e.values().next().is_some() && e.values().all(|v| is_answered(Some(v))))
        }
        other => !crate::engine::is_unanswered(other),
    }
}

/// Section headers, then each asked question; a records question is followed by its entries'
/// fields and an "add" line.
fn interview_rows(library: &Library, answers: &Answers, asked: &[(&crate::library::Section, &Question)]) -> Vec<Row> {
    let mut rows = Vec::new();
    for (si, section) in library.sections.iter().enumerate() {
        let in_section: Vec<(usize, &Question)> = section
            .questions
            .iter()
            .enumerate()
            .filter(|(_, q)| asked.iter().any(|(s, a)| std::ptr::eq(*s, section) && std::ptr::eq(*a, *q)))
            .collect();
        if in_section.is_empty() {
            continue;
        }
        let answered = in_section.iter().filter(|(_, q)| is_answered(answers.values.get(&q.id))).count();
        rows.push(Row::Section { section: si, answered, asked: in_section.len() });
        for (qi, q) in in_section {
            rows.push(Row::Answer(Target::Question { section: si, question: qi }));
            if q.kind == QuestionKind::Records {
                let entries = match answers.values.get(&q.id) {
                    Some(AnswerValue::Records(r)) => r.len(),
                    _ => 0,
                };
                for entry in 0..entries {
                    for field in 0..q.fields.len() {
                        rows.push(Row::Answer(Target::Field { section: si, question: qi, entry, field }));
                    }
                }
                rows.push(Row::AddEntry { section: si, question: qi });
            }
        }
    }
    rows
}

/// The engine's validation, keyed by the question each problem is about.
fn problems(engine: &Engine<'_>, answers: &Answers) -> BTreeMap<String, Vec<String>> {
    by_question(engine.library, engine.validate(answers))
}

/// Problems keyed by the question each is about (its subject, never its wording); the rules
/// and everything else under "".
fn by_question(
    library: &crate::library::Library,
    diags: Vec<crate::error::Diagnostic>,
) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in diags {
        let id = match &d.subject {
            Some(crate::error::Subject::Question { id }) => id.clone(),
            _ => String::new(),
        };
        out.entry(id).or_default().push(super::typed::worded(library, &d.message));
    }
    out
}

/// Numbers the outline as the draft will: included clauses 1, 2, 3 in order; schedules 1, 2.
fn number_outline(outline: crate::engine::Outline) -> Vec<OutlineRow> {
    let (mut clause, mut schedule) = (0, 0);
    outline
        .into_iter()
        .map(|e| {
            let number = (e.state == ClauseState::Included).then(|| match e.kind {
                ClauseKind::Clause => {
                    clause += 1;
                    format!("{clause}.")
                }
                ClauseKind::Schedule => {
                    schedule += 1;
                    format!("Sch {schedule}")
                }
            });
            OutlineRow {
                id: e.id,
                number,
                title: e.title,
                part: e.part,
                state: e.state,
                optional: e.optional,
                alternatives: e.alternatives,
                selected: e.selected,
            }
        })
        .collect()
}

#[cfg(test)]
mod subject_tests {
    use super::*;
    use crate::error::{Diagnostic, Subject};

    #[test]
    fn problems_are_grouped_by_their_subject_not_their_wording() {
        let library = crate::cmd::load_library(None).expect("the built-in library parses");
        let diags = vec![
            // Worded as if about `term_years`, but about `quorum`.
            Diagnostic::error("a.toml", 3, 1, "`term_years` looks odd here").about(Subject::question("quorum")),
            // Named by no subject: a rule's problem, shown with the rules.
            Diagnostic::error("a.toml", 4, 1, "`quorum` must be less than the number of partners"),
        ];
        let grouped = by_question(&library, diags);
        assert_eq!(grouped.keys().collect::<Vec<_>>(), ["", "quorum"]);
        assert_eq!(grouped["quorum"].len(), 1);
        assert_eq!(grouped[""].len(), 1);
    }
}
