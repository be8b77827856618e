//! The command line: a contract that scripts, the TUI and users rely on.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "caredraft",
    version,
    about = "Assemble NHS accountable-care contract drafts (MoU, alliance agreement, ACO contracts) as DOCX and Markdown",
    long_about = "caredraft assembles first drafts of NHS integrated-care documents from a clause library.\n\n\
                  Run `caredraft ANSWERS.toml` to answer questions in the terminal, or use the commands \
                  below from scripts. Exit codes: 0 success, 1 bad input, 2 usage."
)]
pub struct Cli {
    /// Use the clause library in DIR (with clauses/ and templates/). Without it: the folder
    /// CAREDRAFT_LIBRARY names, else the one a caredraft.toml here or above names, else the
    /// built-in library.
    #[arg(long, global = true, value_name = "DIR")]
    pub library: Option<PathBuf>,

    /// An answers file to open in the interactive editor (created if absent).
    #[arg(value_name = "ANSWERS")]
    pub answers: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the document variants: id, title and what each is for.
    Variants,
    /// Write a new answers file for a variant, every question with its help and default.
    Init {
        /// Variant id, e.g. alliance (see `caredraft variants`).
        #[arg(long, required_unless_present = "update", conflicts_with = "update")]
        variant: Option<String>,
        /// Update an existing answers file instead: add the questions and clause choices the
        /// library has added, rename renamed ids, keep every answer and comment.
        #[arg(long)]
        update: bool,
        /// Where to write the answers file; never overwritten (except by --update).
        path: PathBuf,
    },
    /// Render an answers file to a draft (Markdown and DOCX).
    Render {
        /// The answers file.
        answers: PathBuf,
        /// Output path without extension [default: the answers file's path without its extension].
        #[arg(long, value_name = "BASE")]
        out: Option<PathBuf>,
        /// Which drafts to write.
        #[arg(long, value_enum, default_value_t = Format::All)]
        format: Format,
        /// Refuse while any placeholder is left, and list them.
        #[arg(long)]
        strict: bool,
        /// Overwrite existing drafts.
        #[arg(long)]
        force: bool,
        /// Put each clause's drafting note into the DOCX as a Word comment.
        #[arg(long)]
        annotated: bool,
        /// Name the files the render would write, one a line, and write nothing.
        #[arg(long)]
        list: bool,
        /// Which documents of the pack to write: all, main, or one companion's id
        /// (e.g. integration-agreement).
        #[arg(long, value_name = "DOCUMENT", default_value = "all")]
        only: String,
    },
    /// Compare two answers files as a redline: the NEW draft with every difference from OLD
    /// as Word tracked changes (BASE.docx), and a summary of what changed (BASE.md, and printed).
    Compare {
        /// The earlier answers file.
        old: PathBuf,
        /// The later answers file (the same variant).
        new: PathBuf,
        /// Output path without extension [default: NEW's path without its extension, plus "-redline"].
        #[arg(long, value_name = "BASE")]
        out: Option<PathBuf>,
        /// Which files to write: the redline DOCX, the summary, or both.
        #[arg(long, value_enum, default_value_t = Format::All)]
        format: Format,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
        /// Read OLD with the library in DIR (to compare two versions of a library); NEW uses --library.
        #[arg(long, value_name = "DIR")]
        old_library: Option<PathBuf>,
        /// The name Word shows as the author of each change.
        #[arg(long, value_name = "NAME", default_value = "caredraft")]
        author: String,
    },
    /// Check a clause library: syntax, variables, cross-references, defined terms, and that
    /// every variant renders.
    Lint {
        /// How to print the problems: text (file:line:col) or a JSON array for editors and CI.
        #[arg(long, value_enum, default_value_t = LintFormat::Text)]
        format: LintFormat,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Check answers files against the library: each file's problems, a one-line verdict
    /// per file, exit 1 if any fails.
    Check {
        /// The answers files.
        #[arg(required = true, value_name = "ANSWERS")]
        answers: Vec<PathBuf>,
        /// Also fail a file whose draft has placeholders left.
        #[arg(long)]
        strict: bool,
        /// How to print the results: text, or one JSON document for CI.
        #[arg(long, value_enum, default_value_t = LintFormat::Text)]
        format: LintFormat,
    },
    /// Start a new clause or variant in the library folder, ready to edit and lint clean.
    New {
        #[command(subcommand)]
        what: crate::maintain::scaffold::NewCommand,
    },
    /// Print a JSON Schema for editors: a variant's answers files, or a kind of library file.
    Schema {
        /// The answers files of this variant.
        #[arg(long, required_unless_present = "library_file", conflicts_with = "library_file")]
        variant: Option<String>,
        /// A kind of library file instead.
        #[arg(long, value_enum)]
        library_file: Option<crate::maintain::library_schema::LibraryFile>,
    },
    /// Write the built-in library out as files, to start a library of your own.
    ExportLibrary {
        /// An empty or new folder.
        dir: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Md,
    Docx,
    All,
}
