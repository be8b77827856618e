//! Assembles a generated library of N clauses K times, for counting instructions under
//! callgrind (`scripts/bench-scaling.sh`): a count, unlike a time, does not depend on the
//! CPU cache or on what else the machine is doing, so it shows how the work itself grows.
//! Usage: scaling_count N K

#[path = "support/generated.rs"]
mod generated;

use caredraft::engine::Engine;
use caredraft::library::parse_library;
use caredraft::render::markdown::to_markdown;
use generated::{default_answers, generated};

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>().expect("usage: scaling_count N K"));
    let (n, k) = (args.next().unwrap_or(200), args.next().unwrap_or(1));
    let library = parse_library(&generated(n)).expect("generated library");
    let engine = Engine::new(&library).expect("compiles");
    let answers = default_answers(&library, "mou");
    let mut bytes = 0;
    for _ in 0..k {
        bytes += to_markdown(&engine.assemble(&answers).expect("assembles")).len();
    }
    println!("{n} clauses x {k}: {bytes} bytes of Markdown");
}
