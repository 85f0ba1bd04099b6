//! A small mutation fuzzer that runs as an ordinary test on the stable toolchain (no `cargo
//! fuzz`): it takes a committed corpus of real-shaped inputs, mutates them — bytes flipped,
//! inserted, deleted, repeated, spliced from another input, and the tokens these formats are
//! made of (tabs, `|`, `√`, `Rp`, `%`, huge numbers, NUL, a right-to-left override) — and feeds
//! each result to a target that must not panic.
//!
//! - `KINERJA_FUZZ_SECONDS=N`: each target runs for N seconds (CI gives each 20).
//! - Otherwise each target runs [`DEFAULT_ITERATIONS`] inputs, so `cargo test` stays quick.
//! - `KINERJA_FUZZ_SEED=N` replays a run; the seed is printed at the start of every run.
//! - An input that panics is written to `target/fuzz-failures/` and named in the failure.
//! - `KINERJA_FUZZ_INFLIGHT=1` writes every input there before it runs: an input that aborts the
//!   process (a stack overflow cannot be caught) is left behind; replay its seed with this set.
//!
//! Shared by the fuzz targets of several crates through `#[path]`.
#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

thread_local! {
    /// Whether this thread is inside a target: its panics are recorded, not printed (a reader
    /// that catches a library's panic itself would otherwise flood the output).
    static IN_TARGET: Cell<bool> = const { Cell::new(false) };
    /// The last panic inside a target, for the failure report.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs (once) a panic hook that records panics inside targets and prints the others.
fn quiet_inside_targets() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // The import reads PDFs on a thread of its own and makes its panics a failed reading.
            let reader = std::thread::current().name() == Some("kinerja-pdf-reader");
            if reader {
                return;
            }
            if IN_TARGET.with(Cell::get) {
                LAST_PANIC.with(|l| *l.borrow_mut() = Some(info.to_string()));
            } else {
                default(info);
            }
        }));
    });
}

/// Inputs per target when no time is given.
pub const DEFAULT_ITERATIONS: usize = 300;
/// The largest input a mutation may make.
pub const MAX_INPUT: usize = 256 * 1024;

/// Pieces the documents are made of, inserted whole by one kind of mutation.
const TOKENS: &[&[u8]] = &[
    b"\t",
    b"\t\t\t\t\t\t",
    b"|",
    b" | --- | ",
    b"\n",
    b"\r\n",
    b"\0",
    b"\xe2\x88\x9a",
    b"v",
    b"%",
    b",",
    b".",
    b"Rp",
    b"Rp. ",
    b"1.000.000",
    b"97,5%",
    b"99999999999999999999999999999999",
    b"-1",
    b"1e309",
    b"B13",
    b"TW5",
    b"Tw 1",
    b"NO",
    b"SASARAN",
    b"INDIKATOR KINERJA",
    b"TARGET",
    b"KEGIATAN",
    b"PELAKSANA",
    b"B1\tB2\tB3\tB4\tB5\tB6\tB7\tB8\tB9\tB10\tB11\tB12",
    b"ANGGARAN",
    b"Jumlah:",
    b"RENCANA AKSI KINERJA TAHUN 2024",
    b"\xe2\x80\xae",
    b"\xef\xbf\xbe",
    b"\xd0\x92",
    b"\xff\xfe",
    b"\"",
    b"\"\"",
    b";",
    b"=",
    b"[",
    b"]]",
    b"{",
    b"'",
    b"\\u0000",
    b"2147483648",
    b"4294969320",
];

/// xorshift64*: small, deterministic, good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// One to eight mutations of `input`, `other` a second corpus input to splice from.
pub fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(8) {
        let len = out.len();
        let at = rng.below(len + 1);
        match rng.below(9) {
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                out[i] = [0, 0xff, b'\t', b'|', b'\n', b'%', b',', b'.', b'9', b' '][rng.below(10)];
            }
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                out.splice(at..at, token.iter().copied());
            }
            3 if len > 0 => {
                let end = (at + 1 + rng.below(64)).min(len);
                out.drain(at.min(end)..end);
            }
            4 if len > 0 => {
                // A stretch repeated: a line, a cell, many times.
                let end = (at + 1 + rng.below(256)).min(len);
                let piece = out[at.min(end)..end].to_vec();
                let most = if rng.chance(8) { 500 } else { 4 };
                for _ in 0..1 + rng.below(most) {
                    out.splice(at..at, piece.iter().copied());
                    if out.len() > MAX_INPUT {
                        break;
                    }
                }
            }
            5 if !other.is_empty() => {
                let from = rng.below(other.len());
                let end = (from + 1 + rng.below(512)).min(other.len());
                out.splice(at..at, other[from..end].iter().copied());
            }
            6 => {
                let n = 1 + rng.below(16);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                out.splice(at..at, bytes);
            }
            7 if len > 0 => out.truncate(rng.below(len)),
            _ => {
                // A line (or a digit run) grown long.
                let digit = b'0' + rng.below(10) as u8;
                out.splice(at..at, std::iter::repeat_n(digit, 1 + rng.below(40)));
            }
        }
    }
    out.truncate(MAX_INPUT);
    out
}

fn seed() -> u64 {
    std::env::var("KINERJA_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        })
}

fn budget() -> Option<Duration> {
    std::env::var("KINERJA_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map(Duration::from_secs)
}

/// Runs `target` on every corpus input as it is, then on mutations of them until the time (or
/// the number of inputs) is spent. Returns how many inputs ran.
pub fn run(name: &str, corpus: &[Vec<u8>], target: impl Fn(&[u8])) -> usize {
    run_n(name, corpus, DEFAULT_ITERATIONS, target)
}

/// [`run`] for a target whose inputs take long (a page image read whole): `iterations` inputs
/// when no time is given.
pub fn run_n(name: &str, corpus: &[Vec<u8>], iterations: usize, target: impl Fn(&[u8])) -> usize {
    assert!(!corpus.is_empty(), "{name}: the corpus is empty");
    let seed = seed();
    eprintln!("fuzz {name}: seed {seed} (KINERJA_FUZZ_SEED={seed} replays it)");
    let mut rng = Rng::new(seed);
    let started = Instant::now();
    let budget = budget();
    let mut ran = 0usize;
    quiet_inside_targets();
    // An abort (a stack overflow) cannot be caught: with KINERJA_FUZZ_INFLIGHT set, every input
    // is written before it runs, so the one that aborted is left behind.
    let failures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/fuzz-failures");
    let inflight = std::env::var_os("KINERJA_FUZZ_INFLIGHT").map(|_| {
        let _ = std::fs::create_dir_all(&failures);
        failures.join(format!("{name}-{seed}-inflight.bin"))
    });
    let check = |input: &[u8], ran: usize| {
        if let Some(file) = &inflight {
            let _ = std::fs::write(file, input);
        }
        IN_TARGET.with(|t| t.set(true));
        let outcome = catch_unwind(AssertUnwindSafe(|| target(input)));
        IN_TARGET.with(|t| t.set(false));
        if outcome.is_err() {
            let why = LAST_PANIC.with(|l| l.borrow_mut().take()).unwrap_or_default();
            let _ = std::fs::create_dir_all(&failures);
            let file = failures.join(format!("{name}-{seed}-{ran}.bin"));
            let _ = std::fs::write(&file, input);
            panic!(
                "fuzz {name}: input {ran} (seed {seed}) panicked ({why}); it is in {}",
                file.display()
            );
        }
    };
    for input in corpus {
        check(input, ran);
        ran += 1;
    }
    loop {
        let done = match budget {
            Some(b) => started.elapsed() >= b,
            None => ran >= iterations.max(corpus.len()),
        };
        if done {
            break;
        }
        let input = &corpus[rng.below(corpus.len())];
        let other = &corpus[rng.below(corpus.len())];
        let mutated = mutate(&mut rng, input, other);
        check(&mutated, ran);
        ran += 1;
    }
    eprintln!("fuzz {name}: {ran} inputs in {:.1} s", started.elapsed().as_secs_f64());
    ran
}

/// Every file of a committed corpus directory, as bytes.
pub fn corpus_dir(dir: &std::path::Path) -> Vec<Vec<u8>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}
