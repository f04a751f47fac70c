package service

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"go.yaml.in/yaml/v3"
)

// openAPIPath is docs/openapi.yaml, relative to this package.
var openAPIPath = filepath.Join("..", "..", "docs", "openapi.yaml")

// loadOpenAPI parses docs/openapi.yaml into generic maps.
func loadOpenAPI(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile(openAPIPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", openAPIPath, err)
	}
	return doc
}

// openAPIPathOf turns a chi route pattern into an OpenAPI path: a trailing
// wildcard /* becomes /{path}; {name} parameters are the same in both.
func openAPIPathOf(route string) string {
	if p, ok := strings.CutSuffix(route, "/*"); ok {
		return p + "/{path}"
	}
	return route
}

// TestOpenAPICoversRoutes walks the chi router and checks that every route
// and method it serves is in docs/openapi.yaml with responses, that nothing
// more is documented, and that the planner routes declare the bearer scheme
// and a 401.
func TestOpenAPICoversRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.0.") {
		t.Errorf("openapi %q, want 3.0.x", v)
	}
	paths, ok := doc["paths"].(map[string]any)
	if !ok {
		t.Fatal("no paths")
	}
	mux, ok := New(nil, Options{}).Handler().(chi.Routes)
	if !ok {
		t.Fatal("the handler is not a chi router")
	}
	n := 0
	served := map[string]bool{}
	err := chi.Walk(mux, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		n++
		p := openAPIPathOf(route)
		served[strings.ToLower(method)+" "+p] = true
		item, ok := paths[p].(map[string]any)
		if !ok {
			t.Errorf("%s %s: path %s not in %s", method, route, p, openAPIPath)
			return nil
		}
		op, ok := item[strings.ToLower(method)].(map[string]any)
		if !ok {
			t.Errorf("%s %s: method not in %s", method, route, openAPIPath)
			return nil
		}
		resp, _ := op["responses"].(map[string]any)
		if len(resp) == 0 {
			t.Errorf("%s %s: no responses", method, route)
		}
		if strings.Contains(route, "/planner/") || strings.Contains(route, "/placement/") {
			if _, ok := op["security"]; !ok {
				t.Errorf("%s %s: planner route without security", method, route)
			}
			if _, ok := resp["401"]; !ok {
				t.Errorf("%s %s: planner route without a 401", method, route)
			}
			if _, ok := resp["429"]; !ok {
				t.Errorf("%s %s: planner route without a 429 (too many wrong tokens)", method, route)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The routes of service.go and migrants.go at least.
	if n < 5 {
		t.Errorf("walked %d routes, want at least /healthz, /readyz, /metrics, lookup and placement/migrants", n)
	}
	// And nothing documented that is not served.
	for p, item := range paths {
		ops, _ := item.(map[string]any)
		for m := range ops {
			switch m {
			case "get", "post", "put", "patch", "delete":
				if !served[m+" "+p] {
					t.Errorf("%s documents %s %s, which the router does not serve", openAPIPath, strings.ToUpper(m), p)
				}
			}
		}
	}
}

// TestOpenAPIRefsResolve: every $ref points at a component that exists.
func TestOpenAPIRefsResolve(t *testing.T) {
	doc := loadOpenAPI(t)
	re := regexp.MustCompile(`^#/components/([A-Za-z]+)/([A-Za-z0-9_.-]+)$`)
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				if k == "$ref" {
					ref, _ := c.(string)
					m := re.FindStringSubmatch(ref)
					if m == nil {
						t.Errorf("%s: $ref %q is not #/components/KIND/NAME", at, ref)
						continue
					}
					comps, _ := doc["components"].(map[string]any)
					kind, _ := comps[m[1]].(map[string]any)
					if _, ok := kind[m[2]]; !ok {
						t.Errorf("%s: $ref %q resolves to nothing", at, ref)
					}
					continue
				}
				walk(c, at+"/"+k)
			}
		case []any:
			for _, c := range x {
				walk(c, at)
			}
		}
	}
	walk(doc, "")
}
