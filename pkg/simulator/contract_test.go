package simulator

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// contractOps is every GET operation the simulator implements; each must be
// exercised with a 2xx answer, so removing an endpoint fails the test.
var contractOps = []string{
	"GET /api/ping",
	"GET /api/v1/maintenance",
	"GET /api/v1/openapi",
	"GET /api/v1/rdns/ipv4/{ip}",
	"GET /api/v1/rdns/ipv6/{ip}",
	"GET /api/v1/servers",
	"GET /api/v1/servers/{serverId}",
	"GET /api/v1/servers/{serverId}/disks",
	"GET /api/v1/servers/{serverId}/disks/supported-drivers",
	"GET /api/v1/servers/{serverId}/disks/{diskName}",
	"GET /api/v1/servers/{serverId}/gpu-driver",
	"GET /api/v1/servers/{serverId}/guest-agent",
	"GET /api/v1/servers/{serverId}/guest-agent/status",
	"GET /api/v1/servers/{serverId}/imageflavours",
	"GET /api/v1/servers/{serverId}/interfaces",
	"GET /api/v1/servers/{serverId}/interfaces/{mac}",
	"GET /api/v1/servers/{serverId}/interfaces/{mac}/firewall",
	"GET /api/v1/servers/{serverId}/iso",
	"GET /api/v1/servers/{serverId}/isoimages",
	"GET /api/v1/servers/{serverId}/logs",
	"GET /api/v1/servers/{serverId}/metrics/cpu",
	"GET /api/v1/servers/{serverId}/metrics/disk",
	"GET /api/v1/servers/{serverId}/metrics/network",
	"GET /api/v1/servers/{serverId}/metrics/network/packet",
	"GET /api/v1/servers/{serverId}/rescuesystem",
	"GET /api/v1/servers/{serverId}/snapshots",
	"GET /api/v1/servers/{serverId}/snapshots/{name}",
	"GET /api/v1/tasks",
	"GET /api/v1/tasks/{uuid}",
	"GET /api/v1/users/{userId}",
	"GET /api/v1/users/{userId}/failoverips/v4",
	"GET /api/v1/users/{userId}/failoverips/v6",
	"GET /api/v1/users/{userId}/firewall-policies",
	"GET /api/v1/users/{userId}/firewall-policies/{id}",
	"GET /api/v1/users/{userId}/images",
	"GET /api/v1/users/{userId}/images/{key}",
	"GET /api/v1/users/{userId}/isos",
	"GET /api/v1/users/{userId}/isos/{key}",
	"GET /api/v1/users/{userId}/logs",
	"GET /api/v1/users/{userId}/ssh-keys",
	"GET /api/v1/users/{userId}/vlans",
	"GET /api/v1/users/{userId}/vlans/{vlanId}",
	"GET /api/v1/vlans/{vlanId}",
}

// contractErrors are the declared error answers the test provokes.
var contractErrors = []string{
	"GET /api/v1/rdns/ipv4/{ip} 422",
	"GET /api/v1/rdns/ipv6/{ip} 422",
	"GET /api/v1/servers/{serverId} 404",
	"GET /api/v1/servers/{serverId}/disks/supported-drivers 404",
	"GET /api/v1/servers/{serverId}/gpu-driver 400",
	"GET /api/v1/servers/{serverId}/guest-agent 404",
	"GET /api/v1/servers/{serverId}/guest-agent/status 404",
	"GET /api/v1/servers/{serverId}/imageflavours 404",
	"GET /api/v1/servers/{serverId}/interfaces 404",
	"GET /api/v1/servers/{serverId}/interfaces/{mac} 404",
	"GET /api/v1/servers/{serverId}/interfaces/{mac}/firewall 404",
	"GET /api/v1/servers/{serverId}/rescuesystem 404",
	"GET /api/v1/servers/{serverId}/snapshots 404",
	"GET /api/v1/servers/{serverId}/snapshots 503",
	"GET /api/v1/servers/{serverId}/snapshots/{name} 404",
	"GET /api/v1/servers/{serverId}/snapshots/{name} 503",
	"GET /api/v1/tasks/{uuid} 404",
	"GET /api/v1/users/{userId} 404",
	"GET /api/v1/users/{userId}/images/{key} 404",
	"GET /api/v1/users/{userId}/isos/{key} 404",
	"GET /api/v1/users/{userId}/vlans/{vlanId} 404",
	"GET /api/v1/vlans/{vlanId} 404",
}

// unimplementedOps are spec GETs left out on purpose: multipart-upload
// signing, which is no monitoring data.
var unimplementedOps = []string{
	"GET /api/v1/users/{userId}/images/{key}/{uploadId}/parts/{partNumber}",
	"GET /api/v1/users/{userId}/isos/{key}/{uploadId}/parts/{partNumber}",
}

func TestContract(t *testing.T) {
	for _, n := range []int{5, 50} {
		t.Run(fmt.Sprintf("servers=%d", n), func(t *testing.T) {
			e := newEnv(t, Options{Servers: n, Seed: 7})
			c := newContract(t, e)
			c.exercise()
			for _, f := range c.failures {
				t.Error(f)
			}
			var missing []string
			for _, op := range contractOps {
				if !c.ok2xx[op] {
					missing = append(missing, op)
				}
			}
			for _, op := range contractErrors {
				if !c.covered[op] {
					missing = append(missing, op)
				}
			}
			if len(missing) > 0 {
				t.Errorf("operations not covered:\n  %s", strings.Join(missing, "\n  "))
			}
			t.Logf("%d calls validated, %d operations, %d error answers", c.calls, len(contractOps), len(contractErrors))
		})
	}
}

// TestContractListsMatchSpec makes a new GET in the spec fail until it is
// implemented (and added to contractOps) or listed as unimplemented.
func TestContractListsMatchSpec(t *testing.T) {
	doc, err := api.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	var spec []string
	for path, item := range doc.Paths.Map() {
		if item.Get != nil {
			spec = append(spec, "GET "+path)
		}
	}
	ours := append(slices.Clone(contractOps), unimplementedOps...)
	sort.Strings(spec)
	sort.Strings(ours)
	if !slices.Equal(spec, ours) {
		t.Errorf("spec GET operations and contract lists differ\nspec: %v\nlists: %v", spec, ours)
	}
}

// contract calls the API and validates every exchange against openapi.json.
type contract struct {
	t        *testing.T
	e        *env
	tok      string
	router   routers.Router
	covered  map[string]bool // "op status"
	ok2xx    map[string]bool // op
	failures []string
	calls    int
}

func newContract(t *testing.T, e *env) *contract {
	t.Helper()
	doc, err := api.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	// The spec's server is the relative /scp-core; route against the test server.
	doc.Servers = openapi3.Servers{{URL: e.srv.URL + APIPrefix}}
	// Checking the spec itself: one request-body pattern uses a Perl lookahead
	// Go's regexp lacks, and one example has the wrong type; neither concerns
	// the responses validated here.
	router, err := legacy.NewRouter(doc, openapi3.DisableSchemaPatternValidation(), openapi3.DisableExamplesValidation())
	if err != nil {
		t.Fatal(err)
	}
	return &contract{
		t: t, e: e, tok: e.token(e.sim.RefreshToken()), router: router,
		covered: map[string]bool{}, ok2xx: map[string]bool{},
	}
}

// utcDateTime requires RFC 3339 with a Z suffix, as netcup sends.
var utcDateTime = openapi3.NewCallbackValidator(func(s string) error {
	if !strings.HasSuffix(s, "Z") {
		return fmt.Errorf("date-time %q is not UTC (…Z)", s)
	}
	_, err := time.Parse(time.RFC3339Nano, s)
	return err
})

// call GETs path, validates request and response against the spec (status,
// content type, body), records coverage of op, and returns the body.
func (c *contract) call(op, path string, want int) []byte {
	c.t.Helper()
	c.calls++
	fail := func(format string, args ...any) {
		c.failures = append(c.failures, fmt.Sprintf("%s (%s): ", op, path)+fmt.Sprintf(format, args...))
	}
	req, err := http.NewRequest(http.MethodGet, c.e.srv.URL+APIPrefix+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	if op == "GET /api/ping" {
		req.Header.Set("Accept", "text/plain")
	} else {
		req.Header.Set("Accept", "application/json")
		req.Header.Set("Authorization", "Bearer "+c.tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != want {
		fail("status %d, want %d: %.200s", resp.StatusCode, want, body)
	}
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		fail("no route in spec: %v", err)
		return body
	}
	if got := "GET " + route.Path; got != op {
		fail("spec routes it to %s", got)
		return body
	}
	ctx := context.Background()
	in := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
		fail("test sent an invalid request: %v", err)
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true, MultiError: true,
			SchemaValidationOptions: []openapi3.SchemaValidationOption{
				openapi3.EnableFormatValidation(), openapi3.WithStringFormatValidator("date-time", utcDateTime),
			},
		},
	}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		fail("response violates spec: %v", err)
		return body
	}
	c.covered[fmt.Sprintf("%s %d", op, resp.StatusCode)] = true
	if resp.StatusCode/100 == 2 {
		c.ok2xx[op] = true
	}
	return body
}

// get is call plus JSON decoding for discovering ids.
func (c *contract) get(op, path string, v any) {
	c.t.Helper()
	body := c.call(op, path, http.StatusOK)
	if err := json.Unmarshal(body, v); err != nil {
		c.failures = append(c.failures, fmt.Sprintf("%s (%s): decode: %v", op, path, err))
	}
}

// exercise walks the API like a client: discover ids, then call every
// operation with them, then provoke the declared error answers.
func (c *contract) exercise() {
	const sp = "GET /api/v1/servers/{serverId}"
	c.call("GET /api/ping", "/api/ping", 200)
	c.call("GET /api/v1/maintenance", "/api/v1/maintenance", 200)
	c.call("GET /api/v1/openapi", "/api/v1/openapi", 200)

	var list []api.ServerListMinimal
	c.get("GET /api/v1/servers", "/api/v1/servers", &list)
	c.call("GET /api/v1/servers", "/api/v1/servers?limit=2&offset=1&sort=-name", 200)
	c.call("GET /api/v1/servers", "/api/v1/servers?q=V2202", 200)

	var ipv4, ipv6 string
	var gpuSeen, noGPUSeen bool
	for _, it := range list {
		base := "/api/v1/servers/" + itoa32(*it.Id)
		var srv api.Server
		c.get(sp, base, &srv)
		c.call(sp, base+"?loadServerLiveInfo=false", 200)
		if ipv4 == "" && len(*srv.Ipv4Addresses) > 0 {
			ipv4 = *(*srv.Ipv4Addresses)[0].Ip
		}
		if ipv6 == "" && len(*srv.Ipv6Addresses) > 0 {
			ipv6 = *(*srv.Ipv6Addresses)[0].NetworkPrefix + "1"
		}

		var disks []api.Disk
		c.get(sp+"/disks", base+"/disks", &disks)
		for _, d := range disks {
			c.call(sp+"/disks/{diskName}", base+"/disks/"+*d.Name, 200)
		}
		c.call(sp+"/disks/supported-drivers", base+"/disks/supported-drivers", 200)
		if *srv.GpuDriverAvailable {
			c.call(sp+"/gpu-driver", base+"/gpu-driver", 200)
			gpuSeen = true
		} else if !noGPUSeen {
			c.call(sp+"/gpu-driver", base+"/gpu-driver", 400)
			noGPUSeen = true
		}
		c.call(sp+"/guest-agent", base+"/guest-agent", 200)
		c.call(sp+"/guest-agent/status", base+"/guest-agent/status", 200)
		c.call(sp+"/imageflavours", base+"/imageflavours", 200)

		var ifs []api.Interface
		c.get(sp+"/interfaces", base+"/interfaces", &ifs)
		c.call(sp+"/interfaces", base+"/interfaces?loadRdns=false", 200)
		for _, f := range ifs {
			c.call(sp+"/interfaces/{mac}", base+"/interfaces/"+*f.Mac, 200)
			c.call(sp+"/interfaces/{mac}/firewall", base+"/interfaces/"+*f.Mac+"/firewall?consistencyCheck=true", 200)
		}
		c.call(sp+"/iso", base+"/iso", 200)
		c.call(sp+"/isoimages", base+"/isoimages", 200)
		c.call(sp+"/logs", base+"/logs", 200)
		c.call(sp+"/logs", base+"/logs?limit=3&offset=2", 200)
		for _, m := range []string{"cpu", "disk", "network", "network/packet"} {
			c.call(sp+"/metrics/"+m, base+"/metrics/"+m+"?hours=2", 200)
		}
		c.call(sp+"/rescuesystem", base+"/rescuesystem", 200)

		var snaps []api.SnapshotMinimal
		c.get(sp+"/snapshots", base+"/snapshots", &snaps)
		for _, sn := range snaps {
			c.call(sp+"/snapshots/{name}", base+"/snapshots/"+url.PathEscape(*sn.Name), 200)
		}
	}
	if !gpuSeen {
		c.failures = append(c.failures, "fleet has no GPU server")
	}
	c.call(sp+"/metrics/cpu", "/api/v1/servers/"+itoa32(*list[0].Id)+"/metrics/cpu", 200) // default hours

	var tasks []api.TaskInfoMinimal
	c.get("GET /api/v1/tasks", "/api/v1/tasks", &tasks)
	c.call("GET /api/v1/tasks", "/api/v1/tasks?limit=5&offset=1&state=FINISHED&serverId="+itoa32(*list[0].Id), 200)
	c.call("GET /api/v1/tasks", "/api/v1/tasks?q=snapshot", 200)
	for i, tk := range tasks {
		if i < 10 {
			c.call("GET /api/v1/tasks/{uuid}", "/api/v1/tasks/"+*tk.Uuid, 200)
		}
	}

	// The user id comes from userinfo, as real clients find it.
	var who map[string]any
	req, _ := http.NewRequest(http.MethodGet, c.e.srv.URL+AuthPrefix+"/userinfo", nil)
	req.Header.Set("Authorization", "Bearer "+c.tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	_ = json.NewDecoder(resp.Body).Decode(&who)
	_ = resp.Body.Close()
	u := "/api/v1/users/" + who["id"].(string)
	const up = "GET /api/v1/users/{userId}"
	c.call(up, u, 200)
	c.call(up+"/logs", u+"/logs?limit=10", 200)
	c.call(up+"/failoverips/v4", u+"/failoverips/v4", 200)
	c.call(up+"/failoverips/v4", u+"/failoverips/v4?serverId="+itoa32(*list[0].Id), 200)
	c.call(up+"/failoverips/v6", u+"/failoverips/v6", 200)
	var pols []api.FirewallPolicy
	c.get(up+"/firewall-policies", u+"/firewall-policies?limit=10&offset=0", &pols)
	for _, p := range pols {
		c.call(up+"/firewall-policies/{id}", u+"/firewall-policies/"+itoa32(*p.Id), 200)
	}
	for _, kind := range []string{"images", "isos"} {
		var objs []api.S3Object
		c.get(up+"/"+kind, u+"/"+kind, &objs)
		for _, o := range objs {
			c.call(up+"/"+kind+"/{key}", u+"/"+kind+"/"+url.PathEscape(*o.Key), 200)
		}
		c.call(up+"/"+kind+"/{key}", u+"/"+kind+"/no-such-object", 404)
	}
	c.call(up+"/ssh-keys", u+"/ssh-keys", 200)
	var vlans []api.VLan
	c.get(up+"/vlans", u+"/vlans", &vlans)
	c.call(up+"/vlans", u+"/vlans?serverId="+itoa32(*list[0].Id), 200)
	for _, v := range vlans {
		c.call(up+"/vlans/{vlanId}", u+"/vlans/"+itoa32(*v.VlanId), 200)
		c.call("GET /api/v1/vlans/{vlanId}", "/api/v1/vlans/"+itoa32(*v.VlanId), 200)
	}
	c.call("GET /api/v1/rdns/ipv4/{ip}", "/api/v1/rdns/ipv4/"+ipv4, 200)
	c.call("GET /api/v1/rdns/ipv6/{ip}", "/api/v1/rdns/ipv6/"+ipv6, 200)

	c.errors(list, u)
}

// errors provokes each declared error answer.
func (c *contract) errors(list []api.ServerListMinimal, u string) {
	const sp = "GET /api/v1/servers/{serverId}"
	missing := "/api/v1/servers/2147483000"
	for _, sub := range []string{"", "/disks/supported-drivers", "/guest-agent", "/guest-agent/status",
		"/imageflavours", "/interfaces", "/rescuesystem", "/snapshots"} {
		c.call(sp+sub, missing+sub, 404)
	}
	base := "/api/v1/servers/" + itoa32(*list[0].Id)
	c.call(sp+"/interfaces/{mac}", base+"/interfaces/00:00:5e:00:53:01", 404)
	c.call(sp+"/interfaces/{mac}/firewall", base+"/interfaces/00:00:5e:00:53:01/firewall", 404)
	c.call(sp+"/snapshots/{name}", base+"/snapshots/no-such-snapshot", 404)
	c.call("GET /api/v1/tasks/{uuid}", "/api/v1/tasks/00000000-0000-4000-8000-000000000000", 404)
	c.call("GET /api/v1/users/{userId}", "/api/v1/users/1", 404)
	c.call("GET /api/v1/users/{userId}/vlans/{vlanId}", u+"/vlans/1", 404)
	c.call("GET /api/v1/vlans/{vlanId}", "/api/v1/vlans/1", 404)
	c.call("GET /api/v1/rdns/ipv4/{ip}", "/api/v1/rdns/ipv4/192.0.2.77", 422)
	c.call("GET /api/v1/rdns/ipv6/{ip}", "/api/v1/rdns/ipv6/2001:db8:dead::1", 422)

	// The spec declares 503 "Node is in maintenance mode" for snapshots.
	c.e.sim.SetFaults(Faults{Maintenance: true})
	c.call(sp+"/snapshots", base+"/snapshots", 503)
	c.call(sp+"/snapshots/{name}", base+"/snapshots/any", 503)
	c.e.sim.SetFaults(Faults{})
}
