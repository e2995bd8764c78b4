/**
 * The EndpointSlice view is derived from the model on every read: reading
 * changes nothing, and the slices always agree with the Endpoints the
 * kube-proxy rules are built from. Controller facts cite
 * pkg/controller/endpointslice (reconciler.go, utils.go) and
 * pkg/controlplane/reconcilers/endpointsadapter.go.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../sandbox/engine';
import { endpointSlicesOf } from '../../../sandbox/control/endpointslices';

function cluster(): Engine {
  const e = Engine.fromScenario('multinode-demo', 0)!;
  e.createDeployment('nginx', 'rancher/hello-world', 3);
  return e;
}

describe('endpointSlicesOf', () => {
  it('reads without changing the state', () => {
    const e = cluster();
    e.exposeService('deployment', 'nginx', { port: 80 });
    const before = JSON.stringify(e.toJSON());
    endpointSlicesOf(e.state, null);
    endpointSlicesOf(e.state, 'default');
    expect(JSON.stringify(e.toJSON())).toBe(before);
  });

  it('lists the same ready addresses as the Endpoints object', () => {
    const e = cluster();
    e.exposeService('deployment', 'nginx', { port: 80 });
    e.scaleDeployment('nginx', 5);
    const slice = endpointSlicesOf(e.state, 'default').find((s) => s.service === 'nginx')!;
    const ep = e.endpoints().find((x) => x.name === 'nginx')!;
    expect(slice.endpoints!.filter((x) => x.ready).map((x) => x.ip).sort()).toEqual(ep.addresses.map((a) => a.ip).sort());
  });

  it('new pods are appended after the ones already in the slice (reconcileByPortMapping keeps existing endpoints in place)', () => {
    const e = cluster();
    e.exposeService('deployment', 'nginx', { port: 80 });
    const before = endpointSlicesOf(e.state, 'default').find((s) => s.service === 'nginx')!.endpoints!.map((x) => x.ip);
    e.scaleDeployment('nginx', 4);
    const after = endpointSlicesOf(e.state, 'default').find((s) => s.service === 'nginx')!.endpoints!.map((x) => x.ip);
    expect(after.slice(0, 3)).toEqual(before);
    expect(after).toHaveLength(4);
  });

  it('an ExternalName service has none; a service with no pod has a placeholder without ports or endpoints', () => {
    const e = cluster();
    expect(e.createService({ name: 'ext', type: 'ExternalName', externalName: 'example.com', ports: [], selector: { app: 'ext' }, labels: { app: 'ext' } })).toEqual({ ok: true, message: 'service/ext created' });
    expect(e.createService({ name: 'idle', type: 'ClusterIP', ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }], selector: { app: 'idle' }, labels: {} })).toMatchObject({ ok: true });
    const slices = endpointSlicesOf(e.state, 'default');
    expect(slices.some((s) => s.service === 'ext')).toBe(false);
    expect(e.endpoints().some((x) => x.name === 'ext')).toBe(false);
    expect(slices.find((s) => s.service === 'idle')).toMatchObject({ ports: null, endpoints: null, generation: 1 });
  });

  it('a named targetPort the pods do not declare: no Endpoints subset, but the slice lists the pods without ports', () => {
    const e = cluster();
    e.createService({ name: 'named', type: 'ClusterIP', ports: [{ port: 80, targetPort: 'http', protocol: 'TCP' }], selector: { app: 'nginx' }, labels: {} });
    expect(e.endpoints().find((x) => x.name === 'named')!.addresses).toEqual([]);
    const slice = endpointSlicesOf(e.state, 'default').find((s) => s.service === 'named')!;
    expect(slice.ports).toBeNull();
    expect(slice.endpoints).toHaveLength(3);
  });
});

describe('createService: the Status a wrapping command prints', () => {
  it('Invalid with one cause, several causes, AlreadyExists', () => {
    const e = cluster();
    const spec = { name: 'web', type: 'ClusterIP', ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }], selector: { app: 'web' }, labels: {} };
    expect(e.createService({ ...spec, ports: [{ port: 80, targetPort: 80, protocol: 'tcp' }] })).toEqual({
      error: 'The Service "web" is invalid: spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
      status: { reason: 'Invalid', message: 'Service "web" is invalid: spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"' },
    });
    expect(e.createService({ ...spec, ports: [{ port: 70000, targetPort: 70000, protocol: 'TCP' }] })).toMatchObject({
      status: { reason: 'Invalid', message: 'Service "web" is invalid: [spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive]' },
    });
    expect(e.createService(spec)).toEqual({ ok: true, message: 'service/web created' });
    expect(e.createService(spec)).toEqual({
      error: 'Error from server (AlreadyExists): services "web" already exists',
      status: { reason: 'AlreadyExists', message: 'services "web" already exists' },
    });
  });

  it('ValidateService: a LoadBalancer may not expose the kubelet port; ports of a multi-port service need names', () => {
    const e = cluster();
    const lb = { name: 'lb', type: 'LoadBalancer', ports: [{ port: 10250, targetPort: 80, protocol: 'TCP' }], selector: {}, labels: {} };
    expect(e.createService(lb)).toMatchObject({ status: { message: 'Service "lb" is invalid: spec.ports[0]: Invalid value: 10250: may not expose port 10250 externally since it is used by kubelet' } });
    const two = { name: 'two', type: 'ClusterIP', ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }, { port: 81, targetPort: 81, protocol: 'TCP' }], selector: {}, labels: {} };
    expect(e.createService(two)).toMatchObject({ status: { message: 'Service "two" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]' } });
  });
});
