//! The program's I/O world, as the command line sets it up: the simulated network's
//! profile (`--net`), where its pages come from (`--web DIR`) and where the files it
//! reads and writes are (`--write-files DIR`). Plain data, below the VM,
//! so that [`crate::RunConfig`] can carry it; `modules/web.rs` serves the requests.

use std::path::PathBuf;

use gilscope_engine::{MS, SEC};
use gilscope_trace::Nanos;

/// How the simulated network behaves: what `--net` chooses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NetProfile {
    /// The round trip before the first byte arrives (DNS, connect, TLS, server time).
    pub latency: Nanos,
    /// Up to this much more latency, drawn per request from the run's seeded RNG.
    pub jitter: Nanos,
    /// Bytes per second once the body flows.
    pub bandwidth: u64,
}

impl Default for NetProfile {
    /// `wifi`: tens of milliseconds and a few megabytes a second.
    fn default() -> Self {
        NetProfile {
            latency: 40 * MS,
            jitter: 20 * MS,
            bandwidth: 4_000_000,
        }
    }
}

impl NetProfile {
    /// The profiles `--net` names: `lan`, `wifi` (the default), `mobile`, `slow`.
    pub const NAMES: &'static [&'static str] = &["lan", "wifi", "mobile", "slow"];

    /// The profile called `name`.
    pub fn named(name: &str) -> Option<NetProfile> {
        Some(match name {
            "lan" => NetProfile {
                latency: MS,
                jitter: MS / 2,
                bandwidth: 100_000_000,
            },
            "wifi" => NetProfile::default(),
            "mobile" => NetProfile {
                latency: 120 * MS,
                jitter: 60 * MS,
                bandwidth: 1_000_000,
            },
            "slow" => NetProfile {
                latency: 300 * MS,
                jitter: 100 * MS,
                bandwidth: 200_000,
            },
            _ => return None,
        })
    }

    /// How long `len` bytes take to arrive, without the jitter.
    pub fn duration(&self, len: usize) -> Nanos {
        self.latency + (len as u128 * SEC as u128 / u128::from(self.bandwidth.max(1))) as Nanos
    }
}

/// The program's I/O world: the network profile and where pages come from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IoConfig {
    /// The network profile.
    pub net: NetProfile,
    /// `--web DIR`: pages are the files of this folder (URL path -> file).
    pub web_dir: Option<PathBuf>,
    /// The folder the program's files are confined to; `None`: the program file's own.
    pub files_dir: Option<PathBuf>,
    /// `--write-files DIR`: where the files the program wrote are written out at exit;
    /// `None`: they stay in memory and vanish with the run.
    pub write_dir: Option<PathBuf>,
}
