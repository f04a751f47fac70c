// Package benchmem measures the memory a benchmark's work takes, for the
// benchmarks of zones and engine (go test -bench): the peak of the memory the
// Go runtime holds from the operating system, sampled every 5 ms, and the
// process's peak resident set (Linux's VmHWM, which counts GEOS's C heap
// too). What belongs here: those probes, nothing of the domain.
package benchmem

import (
	"bufio"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Probe samples the memory the Go runtime holds from the OS (mapped, not
// released) every 5 ms between Start and Stop, and keeps the peak.
type Probe struct {
	quit  chan struct{}
	wg    sync.WaitGroup
	peak  uint64
	start int // the resident set in KiB when the peak was reset; -1 unknown or not reset
}

// Start collects garbage and starts sampling. With resetPeak it also returns
// freed memory to the OS and resets the process's peak resident set to the
// current one (proc(5) clear_refs 5, Linux 4.0 and later), so that hwm_MB is
// this work's peak and start_rss_MB is reported; without, hwm_MB is the
// process's peak so far.
func Start(resetPeak bool) *Probe {
	runtime.GC()
	p := &Probe{quit: make(chan struct{}), start: -1}
	if resetPeak {
		debug.FreeOSMemory()
		_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
		if kb, ok := Status("VmRSS:"); ok {
			p.start = kb
		}
	}
	samples := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	read := func() {
		metrics.Read(samples)
		if samples[0].Value.Kind() != metrics.KindUint64 || samples[1].Value.Kind() != metrics.KindUint64 {
			return
		}
		if v := samples[0].Value.Uint64() - samples[1].Value.Uint64(); v > p.peak {
			p.peak = v
		}
	}
	read()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-p.quit:
				read()
				return
			case <-tick.C:
				read()
			}
		}
	}()
	return p
}

// Stop ends the sampling.
func (p *Probe) Stop() {
	close(p.quit)
	p.wg.Wait()
}

// Reporter is what a benchmark reports metrics to (*testing.B).
type Reporter interface {
	ReportMetric(n float64, unit string)
}

// Report reports peak_MB (the Go runtime's peak, MiB), hwm_MB (the process's
// peak resident set, MiB) and, after Start(true), start_rss_MB.
func (p *Probe) Report(b Reporter) {
	b.ReportMetric(float64(p.peak)/(1<<20), "peak_MB")
	if kb, ok := Status("VmHWM:"); ok {
		b.ReportMetric(float64(kb)/1024, "hwm_MB")
	}
	if p.start >= 0 {
		b.ReportMetric(float64(p.start)/1024, "start_rss_MB")
	}
}

// Status returns a size in KiB of /proc/self/status (key "VmHWM:", the peak
// resident set, or "VmRSS:", the resident set), where there is one.
func Status(key string) (int, bool) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), key); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return kb, err == nil
		}
	}
	return 0, false
}
