//! A progress bar for long commands (a batch of documents, OCR of a scan's pages).

use std::io::{IsTerminal, Write};

/// A progress bar on a terminal; a line per tenth otherwise (logs stay short).
pub struct Progress {
    total: usize,
    tty: bool,
}

impl Progress {
    pub fn new(total: usize) -> Progress {
        Progress {
            total,
            tty: std::io::stderr().is_terminal(),
        }
    }
    pub fn show(&self, done: usize, name: &str) {
        let total = self.total.max(1);
        let mut err = std::io::stderr().lock();
        if self.tty {
            let width = 30;
            let filled = done * width / total;
            let _ = write!(
                err,
                "\r[{}{}] {done}/{total} {:<40.40}",
                "#".repeat(filled),
                "-".repeat(width - filled),
                name
            );
            let _ = err.flush();
        } else if done > 0 && (done == total || (done * 10 / total) != ((done - 1) * 10 / total)) {
            let _ = writeln!(err, "[{done}/{total}] {name}");
        }
    }
    pub fn end(&self) {
        if self.tty {
            eprintln!();
        }
    }
}
