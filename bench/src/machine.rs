//! What the figures were measured on, read from /proc (Linux): numbers from a two-core laptop
//! and a server are only comparable through their baselines, and this says which was which.

use std::fs;

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    pub cpus: usize,
    pub cpu_model: Option<String>,
    /// Total memory, for people ("8192 MiB")...
    pub memory: Option<String>,
    /// ...and for tools.
    pub memory_mib: Option<u64>,
    pub kernel: Option<String>,
    pub os: Option<String>,
    pub hostname: Option<String>,
}

/// `MemTotal` of /proc/meminfo, in MiB.
pub fn parse_mem_total_mib(meminfo: &str) -> Option<u64> {
    let line = meminfo.lines().find(|line| line.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// The first `model name` of /proc/cpuinfo.
pub fn parse_cpu_model(cpuinfo: &str) -> Option<String> {
    cpuinfo
        .lines()
        .find(|line| line.starts_with("model name"))
        .and_then(|line| line.split_once(':'))
        .map(|(_, model)| model.trim().to_owned())
}

/// `PRETTY_NAME` of /etc/os-release.
pub fn parse_os_name(os_release: &str) -> Option<String> {
    os_release
        .lines()
        .find_map(|line| line.strip_prefix("PRETTY_NAME="))
        .map(|name| name.trim_matches('"').to_owned())
}

fn read(path: &str) -> Option<String> {
    fs::read_to_string(path).ok()
}

impl Machine {
    pub fn describe() -> Self {
        let memory_mib = read("/proc/meminfo")
            .as_deref()
            .and_then(parse_mem_total_mib);
        Self {
            cpus: std::thread::available_parallelism().map_or(1, |cpus| cpus.get()),
            cpu_model: read("/proc/cpuinfo").as_deref().and_then(parse_cpu_model),
            memory: memory_mib.map(|mib| format!("{mib} MiB")),
            memory_mib,
            kernel: read("/proc/sys/kernel/osrelease").map(|text| text.trim().to_owned()),
            os: read("/etc/os-release").as_deref().and_then(parse_os_name),
            hostname: read("/proc/sys/kernel/hostname").map(|text| text.trim().to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proc_files_are_read_for_memory_model_and_os() {
        let meminfo = "MemTotal:        8388608 kB\nMemFree:         1234567 kB\n";
        assert_eq!(parse_mem_total_mib(meminfo), Some(8192));
        let cpuinfo = "processor\t: 0\nmodel name\t: AMD EPYC 7B13\nflags\t: fpu\n";
        assert_eq!(parse_cpu_model(cpuinfo).as_deref(), Some("AMD EPYC 7B13"));
        let os = "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n";
        assert_eq!(
            parse_os_name(os).as_deref(),
            Some("Debian GNU/Linux 12 (bookworm)")
        );
    }
}
