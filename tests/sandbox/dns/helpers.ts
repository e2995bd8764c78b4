import type { Engine, Trace, TraceQuery } from '../../../sandbox/engine';

/**
 * Stands in for kube-proxy's DNAT, so that the command tests do not depend on
 * kube-proxy's rules in the tracer (transport.test.ts uses those): a UDP or TCP
 * packet to a service's ClusterIP and port is traced to the service's first
 * ready endpoint instead, and the trace keeps the ClusterIP as its
 * destination (anything else, ICMP included, is traced as it is). Only the
 * engine object the test holds is changed. With no ready endpoint the packet
 * is traced as it is (the tracer decides its fate).
 */
export function simulateServiceDnat(engine: Engine): Engine {
  const original = engine.trace.bind(engine);
  engine.trace = (q: TraceQuery): Trace => {
    const svc = engine.services().find((s) => s.clusterIP === q.to);
    const port = svc?.ports.find((p) => p.port === q.port && p.protocol.toLowerCase() === q.proto);
    const ep = svc && engine.endpoints().find((e) => e.namespace === svc.namespace && e.name === svc.name);
    const backend = ep?.addresses[0]?.ip;
    if (!port || !backend) return original(q);
    const target = typeof port.targetPort === 'number' ? port.targetPort : port.port;
    return { ...original({ ...q, to: backend, port: target }), dst: String(q.to) };
  };
  return engine;
}

/** An engine whose tracer already delivers 10.96.0.10:53 to CoreDNS (with or without the simulation). */
export function deliversToCoreDns(engine: Engine, fromTarget: string): boolean {
  const t = engine.trace({ from: fromTarget, to: '10.96.0.10', proto: 'udp', port: 53 });
  if (t.verdict.kind !== 'delivered') return false;
  const netns = t.verdict.netns;
  return engine.pods().some((p) => p.netns === netns && p.labels['k8s-app'] === 'kube-dns');
}

/** `kubectl -n kube-system scale deployment coredns --replicas=0` (or, where CoreDNS is a bare pod, deleting it). */
export function scaleCoreDnsToZero(engine: Engine): Engine {
  if (engine.deployments().some((d) => d.namespace === 'kube-system' && d.name === 'coredns')) engine.scaleDeployment('coredns', 0, 'kube-system');
  else for (const p of engine.pods('kube-system').filter((x) => x.labels['k8s-app'] === 'kube-dns')) engine.deletePod(p.name, 'kube-system');
  return engine;
}
