//! The real binary in a real terminal (tmux at 80x24), driven as a person would: the start
//! screen, the help, an export, and quitting. Skipped with a notice when tmux is missing,
//! except under CI=true.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// tmux on a server private to one session of this test run (`-L`), so the tests neither see
/// nor disturb the user's own tmux sessions, nor each other: tests run in parallel, and two
/// starting or stopping one shared server at the same moment can fail.
fn tmux_command(session: &str) -> Command {
    let mut c = Command::new("tmux");
    c.args(["-L", &format!("caredraft-tests-{}-{session}", std::process::id())]);
    c
}

struct Session(String);

impl Drop for Session {
    fn drop(&mut self) {
        let _ = tmux_command(&self.0).args(["kill-server"]).output();
    }
}

impl Session {
    fn start(name: &str, dir: &Path, command: &str) -> Session {
        let status = tmux_command(name)
            .args(["new-session", "-d", "-s", name, "-x", "80", "-y", "24", "-c"])
            .arg(dir)
            .arg(format!("{command}; echo EXITED:$?; sleep 30"))
            .status()
            .expect("tmux new-session");
        assert!(status.success());
        Session(name.to_string())
    }

    /// Runs the tmux command `args[0]` on this session, with the rest of `args` after it.
    fn tmux(&self, args: &[&str]) -> String {
        let out = tmux_command(&self.0).arg(args[0]).args(["-t", &self.0]).args(&args[1..]).output().expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p"])
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", k]);
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits (up to 15 s, for a slow machine) until the screen shows `text`.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(start.elapsed() < Duration::from_secs(15), "never saw {text:?} on the screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn have_tmux() -> bool {
    let found = Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true but tmux is not installed");
        eprintln!("notice: tmux not found; skipping the terminal test");
    }
    found
}

#[test]
fn start_help_export_and_quit_in_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_caredraft");
    let dir = tempfile::tempdir().expect("tmp");
    let name = format!("caredraft-test-{}", std::process::id());

    // A new file opens on the start screen, which names the four variants.
    let s = Session::start(&name, dir.path(), &format!("{bin} new.toml"));
    let start = s.wait_for("Open an answers file");
    for variant in ["Memorandum of Understanding", "Alliance Agreement", "partially integrated", "fully integrated"] {
        assert!(start.contains(variant), "{variant} missing:\n{start}");
    }
    s.keys(&["q"]);
    s.wait_for("EXITED:0");
    drop(s);

    // An existing answers file opens; help; export; quit.
    let answers = dir.path().join("northmoor.toml");
    let init = Command::new(bin).args(["init", "--variant", "alliance"]).arg(&answers).output().expect("init");
    assert!(init.status.success());
    let s = Session::start(&name, dir.path(), &format!("{bin} northmoor.toml"));
    s.wait_for("Questions");
    s.keys(&["?"]);
    s.wait_for("Ctrl-S");
    s.keys(&["Escape", "C-e"]);
    s.wait_for("Export");
    s.keys(&["Enter"]);
    s.wait_for("Wrote");
    assert!(dir.path().join("northmoor.docx").is_file());
    assert!(dir.path().join("northmoor.md").is_file());

    // The mouse wheel scrolls the preview: the terminal sends SGR mouse reports (button 65 is
    // one notch down), as it does once the program has asked for mouse reporting.
    let mouse = |s: &Session| s.tmux(&["display-message", "-p", "#{mouse_any_flag}#{mouse_sgr_flag}"]);
    assert_eq!(mouse(&s).trim(), "11", "the program asked the terminal for mouse reports");
    s.keys(&["3"]);
    let top = s.wait_for("ALLIANCE AGREEMENT");
    assert!(top.contains("Preview"), "{top}");
    for _ in 0..4 {
        s.tmux(&["send-keys", "-l", "\x1b[<65;20;10M"]);
    }
    let start = std::time::Instant::now();
    loop {
        let screen = s.screen();
        if !screen.contains("ALLIANCE AGREEMENT") {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(15), "the wheel did not scroll the preview:\n{screen}");
        std::thread::sleep(Duration::from_millis(100));
    }
    s.keys(&["q"]);
    let end = s.wait_for("EXITED:0");
    assert!(!end.contains("panicked"), "{end}");
    assert_eq!(mouse(&s).trim(), "00", "mouse reporting is turned off again on the way out");
}

/// Kills the process if a failed test leaves it running, so it does not spin on after the test.
struct KillOnDrop(String);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if running(&self.0) {
            let _ = Command::new("kill").args(["-9", &self.0]).status();
        }
    }
}

/// Whether process `pid` is still running (and not a zombie waiting to be reaped).
fn running(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|stat| stat.rsplit(')').next().is_some_and(|rest| !rest.trim_start().starts_with('Z')))
}

#[test]
fn closing_the_terminal_ends_the_program_and_keeps_the_answers() {
    if !have_tmux() || !Path::new("/proc/self/stat").exists() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_caredraft");
    let dir = tempfile::tempdir().expect("tmp");
    let answers = dir.path().join("hangup.toml");
    let init = Command::new(bin).args(["init", "--variant", "mou"]).arg(&answers).output().expect("init");
    assert!(init.status.success());
    let name = format!("caredraft-hangup-{}", std::process::id());
    // The shell records the program's pid, then becomes it.
    let s = Session::start(&name, dir.path(), &format!("sh -c 'echo $$ > pid; exec {bin} hangup.toml'"));
    s.wait_for("Questions");
    let pid = std::fs::read_to_string(dir.path().join("pid")).expect("pid written").trim().to_string();
    let _reaper = KillOnDrop(pid.clone());
    s.keys(&["Down", "Enter"]);
    s.tmux(&["send-keys", "-l", "Northmoor"]);
    s.keys(&["Enter"]);
    let recovery = dir.path().join("hangup.toml.autosave");
    let start = Instant::now();
    while !std::fs::read_to_string(&recovery).is_ok_and(|t| t.contains("Northmoor")) {
        assert!(start.elapsed() < Duration::from_secs(15), "the answer never reached the recovery file");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(running(&pid));
    // Close the terminal: tmux hangs up the program's terminal.
    drop(s);
    let start = Instant::now();
    while running(&pid) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "caredraft is still running (spinning?) 10 s after its terminal went away"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let kept = std::fs::read_to_string(&recovery).expect("recovery file");
    assert!(kept.contains("system_name = \"Northmoor\""), "{kept}");
}

#[test]
fn sigterm_keeps_unsaved_answers_and_restores_the_terminal() {
    signal_keeps_unsaved_answers("TERM", 143);
}

#[test]
fn sigint_keeps_unsaved_answers_and_restores_the_terminal() {
    signal_keeps_unsaved_answers("INT", 130);
}

fn signal_keeps_unsaved_answers(signal: &str, status: u8) {
    if !have_tmux() || !Path::new("/proc/self/stat").exists() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_caredraft");
    let dir = tempfile::tempdir().expect("tmp");
    let answers = dir.path().join("term.toml");
    let init = Command::new(bin).args(["init", "--variant", "mou"]).arg(&answers).output().expect("init");
    assert!(init.status.success());
    let name = format!("caredraft-sig{signal}-{}", std::process::id());
    let s = Session::start(&name, dir.path(), &format!("sh -c 'echo $$ > pid; exec {bin} term.toml'"));
    let first = s.wait_for("Questions");
    let pid = std::fs::read_to_string(dir.path().join("pid")).expect("pid written").trim().to_string();
    let _reaper = KillOnDrop(pid.clone());
    // "7/11 answered" in the header: one more once the name is in.
    let answered = |screen: &str| -> (usize, String) {
        let at = screen.find(" answered").expect("the header counts answers");
        let count = screen[..at].rsplit(' ').next().expect("N/M").to_string();
        let n = count.split('/').next().and_then(|n| n.parse().ok()).expect("a number");
        (n, count.split('/').nth(1).unwrap_or("").to_string())
    };
    let (before, of) = answered(&first);
    s.keys(&["Down", "Enter"]);
    s.tmux(&["send-keys", "-l", "Eastfield"]);
    s.keys(&["Enter"]);
    s.wait_for(&format!("{}/{of} answered", before + 1));
    // Every key is handled once the editor has closed (the footer offers "Enter edit" again).
    s.wait_for("Enter edit");
    assert!(Command::new("kill").args([&format!("-{signal}"), &pid]).status().expect("kill").success());
    let end = s.wait_for("EXITED:");
    assert!(end.contains("stopped with unsaved answers"), "{end}");
    assert!(end.contains(&format!("EXITED:{status}")), "128 + the signal, as a shell reports it: {end}");
    assert!(!end.contains("Questions"), "the alternate screen was left: {end}");
    let kept = std::fs::read_to_string(dir.path().join("term.toml.autosave")).expect("recovery file");
    assert!(kept.contains("system_name = \"Eastfield\""), "{kept}");
}

/// The exact sequence that lost a commissioner's work, in the real binary: an edit, then on the
/// preview `/` search, Enter, `n`, Esc, `n`. The program must still be running with the edit,
/// the answers file untouched and the recovery file holding the edit; then `q`, Esc stays, and
/// only `q`, `D` leaves without saving (keeping a copy).
#[test]
fn search_esc_n_on_the_preview_loses_no_work_in_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_caredraft");
    let dir = tempfile::tempdir().expect("tmp");
    let answers = dir.path().join("slip.toml");
    let init = Command::new(bin).args(["init", "--variant", "mou"]).arg(&answers).output().expect("init");
    assert!(init.status.success());
    let original = std::fs::read_to_string(&answers).expect("answers");
    let name = format!("caredraft-slip-{}", std::process::id());
    let s = Session::start(&name, dir.path(), &format!("{bin} slip.toml"));
    s.wait_for("Questions");
    s.keys(&["Down", "Enter"]);
    s.tmux(&["send-keys", "-l", "Southmoor"]);
    s.keys(&["Enter"]);
    s.wait_for("(unsaved)");
    s.keys(&["3"]);
    s.wait_for("Preview");
    s.keys(&["/"]);
    s.wait_for("Search:");
    s.tmux(&["send-keys", "-l", "partner"]);
    s.keys(&["Enter"]);
    s.wait_for("with it");
    s.keys(&["n", "Escape", "n"]);
    let recovery = dir.path().join("slip.toml.autosave");
    let start = Instant::now();
    while !std::fs::read_to_string(&recovery).is_ok_and(|t| t.contains("Southmoor")) {
        assert!(start.elapsed() < Duration::from_secs(15), "the edit never reached the recovery file");
        std::thread::sleep(Duration::from_millis(100));
    }
    let screen = s.screen();
    assert!(screen.contains("(unsaved)") && !screen.contains("EXITED"), "{screen}");
    assert!(!screen.contains(" Quit "), "Esc opened the quit dialog:\n{screen}");
    // q then Esc stays.
    s.keys(&["q"]);
    s.wait_for("D (capital)");
    s.keys(&["Escape", "n", "Escape"]);
    s.wait_for("nothing was saved or discarded");
    assert!(!s.screen().contains("EXITED"));
    assert_eq!(std::fs::read_to_string(&answers).expect("answers"), original, "nothing was saved");
    assert!(std::fs::read_to_string(&recovery).expect("recovery").contains("Southmoor"));
    // The deliberate discard: q, D.
    s.keys(&["q"]);
    s.wait_for("D (capital)");
    s.keys(&["D"]);
    let end = s.wait_for("EXITED:");
    assert!(end.contains("EXITED:0"), "{end}");
    assert!(end.contains("discarded answers are kept in"), "{end}");
    assert!(!recovery.exists(), "the next start offers nothing back");
    let kept = std::fs::read_to_string(dir.path().join("slip.toml.discarded")).expect("discarded copy");
    assert!(kept.contains("Southmoor"), "{kept}");
}

/// In the real binary at 80x24: a name with the Kelvin sign and a dotted capital I is found by
/// the search (which panicked), and PgDn pages through the preview without skipping a row.
#[test]
fn unicode_search_and_paging_in_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_caredraft");
    let dir = tempfile::tempdir().expect("tmp");
    let answers = dir.path().join("uni.toml");
    let init = Command::new(bin).args(["init", "--variant", "aco-full"]).arg(&answers).output().expect("init");
    assert!(init.status.success());
    let name = format!("caredraft-uni-{}", std::process::id());
    let s = Session::start(&name, dir.path(), &format!("{bin} uni.toml"));
    s.wait_for("Questions");
    s.keys(&["Down", "Enter"]);
    s.tmux(&["send-keys", "-l", "\u{212A}ENT İSTANBUL"]);
    s.keys(&["Enter", "3"]);
    s.wait_for("Preview");
    s.keys(&["/"]);
    s.wait_for("Search:");
    s.tmux(&["send-keys", "-l", "istanbul"]);
    s.keys(&["Enter"]);
    let found = s.wait_for("with it");
    assert!(found.contains("İSTANBUL"), "{found}");
    s.keys(&["Escape", "g"]);
    // Pages: each begins with the row the one before ended on.
    let pane = |screen: &str| -> Vec<String> {
        let lines: Vec<&str> = screen.lines().collect();
        let top = lines.iter().position(|l| l.starts_with('┌')).expect("pane top");
        let bottom = lines.iter().rposition(|l| l.starts_with('└')).expect("pane bottom");
        lines[top + 1..bottom].iter().map(|l| l.trim_matches('│').trim_end().to_string()).collect()
    };
    let mut page = pane(&s.wait_for("0% ·"));
    for _ in 0..4 {
        let last = page.last().cloned().unwrap_or_default();
        let before = s.screen();
        s.keys(&["PageDown"]);
        let start = Instant::now();
        while s.screen() == before {
            assert!(start.elapsed() < Duration::from_secs(15), "PgDn did nothing");
            std::thread::sleep(Duration::from_millis(100));
        }
        let next = pane(&s.screen());
        assert_eq!(next.first(), Some(&last), "a row was skipped between pages:\n{page:?}\n{next:?}");
        page = next;
    }
    s.keys(&["q"]);
    s.wait_for("D (capital)");
    s.keys(&["s"]);
    let end = s.wait_for("EXITED:");
    assert!(end.contains("EXITED:0") && !end.contains("panicked"), "{end}");
    assert!(std::fs::read_to_string(&answers).expect("saved").contains("İSTANBUL"));
}

/// TERM=dumb cannot draw the screens: caredraft says so and exits 2 instead of writing a
/// stream of escape codes.
#[test]
fn a_dumb_terminal_is_told_to_use_render() {
    if !have_tmux() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_caredraft");
    let dir = tempfile::tempdir().expect("tmp");
    let name = format!("caredraft-dumb-{}", std::process::id());
    let s = Session::start(&name, dir.path(), &format!("TERM=dumb {bin} x.toml"));
    let end = s.wait_for("EXITED:");
    assert!(end.contains("TERM=dumb") && end.contains("caredraft render x.toml"), "{end}");
    assert!(end.contains("EXITED:2"), "{end}");
}

/// Issue 12 item 5 in the real binary at 80x24: `>` and `<` show the pack's documents in the
/// Clauses and Preview tabs, with the document's name and place in the pack; `→` switches a
/// companion clause's alternative, which Ctrl-S saves in the answers' [clauses].
#[test]
fn the_pack_documents_switch_in_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_caredraft");
    let dir = tempfile::tempdir().expect("tmp");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/answers/aco-partial-alternatives.toml");
    std::fs::copy(&from, dir.path().join("acp.toml")).expect("copy");
    let name = format!("caredraft-pack-{}", std::process::id());
    let s = Session::start(&name, dir.path(), &format!("{bin} acp.toml"));
    s.wait_for("Questions");
    s.keys(&["3"]);
    let main = s.wait_for("(1 of 3)  < > other documents");
    assert!(main.contains("ACCOUNTABLE CARE ORGANISATION CONTRACT"), "{main}");
    assert!(main.contains("< > document"), "the footer names the keys:\n{main}");
    s.keys(&[">"]);
    let first = s.wait_for("(2 of 3)");
    assert!(first.contains("INTEGRATION AGREEMENT"), "{first}");
    s.wait_for("Kingswinford Medical Practice (the \"Practice\")");
    s.keys(&[">"]);
    s.wait_for("(3 of 3)");
    s.wait_for("Netherton | Health_Centre (the \"Practice\")");
    s.keys(&["<", "<"]);
    s.wait_for("ACCOUNTABLE CARE ORGANISATION CONTRACT");

    // The agreement's outline: its last clause before the schedules has alternatives.
    s.keys(&["2", ">"]);
    s.wait_for("Integrated working");
    for _ in 0..13 {
        s.keys(&["Down"]);
    }
    s.wait_for("Liability and indemnity arrangements");
    let at = s.wait_for("Alternatives (←→), for every");
    assert!(at.contains("● Capped at the year's Integration"), "{at}");
    s.keys(&["Right"]);
    s.wait_for("(unsaved)");
    s.keys(&["C-s"]);
    s.wait_for("Saved");
    let saved = std::fs::read_to_string(dir.path().join("acp.toml")).expect("answers");
    assert!(saved.contains("ia-liability = "), "the choice is in [clauses]:\n{saved}");
    s.keys(&["q"]);
    let end = s.wait_for("EXITED:");
    assert!(end.contains("EXITED:0"), "{end}");
}

/// Issue 15 item 5 in the real binary at 80x24: the export dialog's "compare with…" (Ctrl-R)
/// names an earlier answers file; a missing one is told in the dialog with nothing written,
/// then the right one writes the redline beside the drafts.
#[test]
fn export_compares_with_an_earlier_file_in_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_caredraft");
    let dir = tempfile::tempdir().expect("tmp");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/answers/aco-partial-alternatives.toml");
    let now = std::fs::read_to_string(&from).expect("fixture");
    std::fs::write(dir.path().join("acp.toml"), &now).expect("answers");
    std::fs::write(dir.path().join("v1.toml"), now.replace("Kingswinford Medical Practice", "Kingswinford Surgery"))
        .expect("earlier answers");
    let name = format!("caredraft-redline-{}", std::process::id());
    let s = Session::start(&name, dir.path(), &format!("{bin} acp.toml"));
    s.wait_for("Questions");
    s.keys(&["C-e"]);
    s.wait_for("^R compare");
    s.keys(&["C-r"]);
    s.tmux(&["send-keys", "-l", "v0.toml"]);
    s.wait_for("(no such file)");
    s.keys(&["Enter"]);
    s.wait_for("Nothing was written: v0.toml");
    assert!(!dir.path().join("acp.md").exists() && !dir.path().join("acp-redline.md").exists());
    s.keys(&["BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace"]);
    s.tmux(&["send-keys", "-l", "v1.toml"]);
    s.wait_for("acp-redline.docx  (redline against v1.toml)");
    s.keys(&["Enter"]);
    s.wait_for("Wrote");
    let summary = std::fs::read_to_string(dir.path().join("acp-redline.md")).expect("the redline's summary");
    assert!(summary.contains("Kingswinford Surgery"), "{summary}");
    assert!(dir.path().join("acp-redline.docx").is_file());
    assert!(dir.path().join("acp.docx").is_file() && dir.path().join("acp.md").is_file());
    s.keys(&["q"]);
    let end = s.wait_for("EXITED:");
    assert!(end.contains("EXITED:0"), "{end}");
}
