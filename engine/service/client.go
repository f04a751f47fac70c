package service

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5/middleware"
	"golang.org/x/time/rate"
)

// Who the client is, and what it may send: the client address behind
// trusted reverse proxies, the bound on a request id, the planner's bearer
// token and the limit on failed attempts to give it.

const (
	// MaxRequestIDLen bounds an incoming X-Request-Id: a longer one, or one
	// with a character other than visible ASCII, is replaced by the
	// server's own id.
	MaxRequestIDLen = 64
	// MaxTokenFailures wrong bearer tokens a client may send within
	// TokenFailureWindow; then every planner request of that client answers
	// 429 with Retry-After until the window has let one more through.
	MaxTokenFailures   = 10
	TokenFailureWindow = time.Minute
)

// ParseTrustedProxy reads a --trusted-proxy value: an address block
// (10.0.0.0/8, fd00::/8) or one address (192.168.1.10, as /32). The block
// must not hold every address (/0), which would let any client name
// itself in X-Forwarded-For.
func ParseTrustedProxy(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	accepted := "(accepted: an address block such as 10.0.0.0/8 or 192.168.1.10/32, or one address)"
	var p netip.Prefix
	if strings.Contains(s, "/") {
		q, err := netip.ParsePrefix(s)
		if err != nil {
			return p, fmt.Errorf("service: trusted proxy %.64q is not an address block %s", s, accepted)
		}
		p = q
	} else {
		a, err := netip.ParseAddr(s)
		if err != nil || a.Zone() != "" {
			return p, fmt.Errorf("service: trusted proxy %.64q is not an address block %s", s, accepted)
		}
		p = netip.PrefixFrom(a, a.BitLen())
	}
	if p.Addr().Is4In6() {
		p = netip.PrefixFrom(p.Addr().Unmap(), max(0, p.Bits()-96))
	}
	if p.Bits() == 0 {
		return p, fmt.Errorf("service: trusted proxy %q trusts every address, so any client could name itself in X-Forwarded-For %s", s, accepted)
	}
	return p.Masked(), nil
}

// peerAddr is the address of the connection's peer (invalid if RemoteAddr
// is not an address, as in some handler tests).
func peerAddr(r *http.Request) netip.Addr {
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return ap.Addr().Unmap()
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a.WithZone("").Unmap()
}

// trusted says whether a is one of the trusted proxies.
func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.opt.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientIP is the client's address, the key of the rate limits and the
// "remote" of the access log: the connection's peer, unless the peer is a
// trusted proxy (Options.TrustedProxies), in which case it is the
// right-most address of X-Forwarded-For that is not a trusted proxy, the
// one the last trusted proxy saw (the addresses left of it are whatever
// the client wrote). A peer that is not trusted is the client whatever
// X-Forwarded-For says. If the right-most untrusted entry is not an
// address, the last trusted hop is the client, so that junk cannot make a
// client new; if every entry is trusted, the left-most is.
func (s *Server) clientIP(r *http.Request) string {
	peer := peerAddr(r)
	if !peer.IsValid() {
		return r.RemoteAddr
	}
	if len(s.opt.TrustedProxies) == 0 || !s.trusted(peer) {
		return peer.String()
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := forwardedAddr(hops[i])
		if !ok {
			break
		}
		client = a
		if !s.trusted(a) {
			break
		}
	}
	return client.String()
}

// forwardedAddr reads one entry of X-Forwarded-For: an address, possibly
// with a port, IPv6 possibly in brackets.
func forwardedAddr(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil && a.Zone() == "" {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil && ap.Addr().Zone() == "" {
		return ap.Addr().Unmap(), true
	}
	if a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")); err == nil && a.Zone() == "" {
		return a.Unmap(), true
	}
	return netip.Addr{}, false
}

// boundRequestID drops an incoming X-Request-Id longer than
// MaxRequestIDLen or with a character other than visible ASCII, so that
// middleware.RequestID, next, makes the server's own.
func boundRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id := r.Header.Values(middleware.RequestIDHeader); len(id) > 0 && (len(id) > 1 || !validRequestID(id[0])) {
			r.Header.Del(middleware.RequestIDHeader)
		}
		next.ServeHTTP(w, r)
	})
}

func validRequestID(id string) bool {
	if id == "" || len(id) > MaxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return false
		}
	}
	return true
}

// tokenMatches compares a bearer token given with the one wanted in a time
// that tells nothing of the wanted token, its length included: it compares
// their SHA-256 digests, which have one length, in constant time.
func tokenMatches(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}

// requireToken answers 404 when token is "" (planner mode off) and 401 with
// a WWW-Authenticate challenge unless the request carries
// "Authorization: Bearer <token>" (tokenMatches). A client that sent
// MaxTokenFailures wrong tokens within TokenFailureWindow gets 429 with
// Retry-After, right token or not, until the window lets one more try
// through. Any planner route may use it: r.With(s.requireToken(tok)).Get(...).
func (s *Server) requireToken(token func() string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			want := token()
			if want == "" {
				writeError(w, http.StatusNotFound, "planner mode is off (start serve with --token)")
				return
			}
			ip, now := s.clientIP(r), time.Now()
			if wait, ok := s.authFails.peek(ip, now); !ok {
				w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
				writeError(w, http.StatusTooManyRequests, fmt.Sprintf("too many wrong bearer tokens from this client (accepted: at most %d a %s); retry later", MaxTokenFailures, TokenFailureWindow))
				return
			}
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || !tokenMatches(got, want) {
				s.authFails.allow(ip, now) // one failure counted
				w.Header().Set("WWW-Authenticate", `Bearer realm="planner"`)
				writeError(w, http.StatusUnauthorized, "missing or wrong bearer token (accepted: Authorization: Bearer TOKEN)")
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// newFailureLimiter counts failed token attempts per client: a bucket of
// MaxTokenFailures refilled over TokenFailureWindow.
func newFailureLimiter() *limiter {
	return newLimiter(rate.Limit(float64(MaxTokenFailures)/TokenFailureWindow.Seconds()), MaxTokenFailures)
}

// peek says whether ip's bucket holds a token, without taking it; when it
// holds none it returns how long until it does.
func (l *limiter) peek(ip string, now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.clients[ip]
	if c == nil {
		return 0, true
	}
	tok := c.lim.TokensAt(now)
	if tok >= 1 {
		return 0, true
	}
	return time.Duration((1 - tok) / float64(l.r) * float64(time.Second)), false
}
