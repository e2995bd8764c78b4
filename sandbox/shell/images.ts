/**
 * What each container image ships: its shell, its user and the flavour of
 * each network tool, so the same command prints like busybox in one place
 * and like iputils in another, or is missing where the image lacks it.
 * Flavours: iproute2 | busybox | iputils | gnu | net-tools | bind | coreutils;
 * nslookup/dig: bind (9.16.1, Ubuntu 20.04) | bind-9.18 (9.18.49) | busybox;
 * getent: glibc (Ubuntu 20.04) | glibc-debian (Debian bullseye);
 * curl: curl (7.68.0, Ubuntu 20.04) | curl-7.74 (Debian bullseye) | curl-7.83 (Alpine 3.16).
 */
export interface ImageProfile {
  shell: 'bash' | 'sh';
  user: string;
  uid: number;
  cwd: string;
  tools: Readonly<Record<string, string>>;
}

const COREUTILS = {
  cat: 'coreutils', ls: 'coreutils', hostname: 'coreutils', whoami: 'coreutils', id: 'coreutils',
  grep: 'gnu', head: 'coreutils', tail: 'coreutils', wc: 'coreutils', sort: 'coreutils', uniq: 'coreutils',
} as const;

const BUSYBOX_CORE = {
  cat: 'busybox', ls: 'busybox', hostname: 'busybox', whoami: 'busybox', id: 'busybox',
  grep: 'busybox', head: 'busybox', tail: 'busybox', wc: 'busybox', sort: 'busybox', uniq: 'busybox',
} as const;

/** The learner's own machine: the Kubernetes client tools. */
export const LAPTOP_TOOLS: Readonly<Record<string, string>> = { ...COREUTILS, kubectl: 'kubectl', minikube: 'minikube' };

/**
 * A minikube node as `minikube ssh` enters it (kicbase, Ubuntu 20.04). Its
 * Dockerfile (minikube deploy/kicbase/Dockerfile) installs iproute2,
 * iptables, iputils-ping, curl, dnsutils, conntrack and sudo; there is no
 * net-tools (`route`) and no traceroute.
 */
export const KICBASE_NODE_TOOLS: Readonly<Record<string, string>> = {
  ...COREUTILS, ip: 'iproute2', ping: 'iputils', sysctl: 'procps', iptables: 'iptables', 'iptables-save': 'iptables',
  curl: 'curl', crictl: 'crictl', docker: 'docker', sudo: 'sudo', nslookup: 'bind', dig: 'bind', getent: 'glibc',
};

export const IMAGES: Readonly<Record<string, ImageProfile>> = {
  'mcr.microsoft.com/aks/fundamental/base-ubuntu:v0.0.11': {
    shell: 'bash', user: 'root', uid: 0, cwd: '/',
    tools: { ...COREUTILS, ip: 'iproute2', route: 'net-tools', ping: 'iputils', traceroute: 'gnu', sysctl: 'procps', curl: 'curl', nslookup: 'bind', dig: 'bind', getent: 'glibc', iptables: 'iptables', 'iptables-save': 'iptables' },
  },
  busybox: {
    shell: 'sh', user: 'root', uid: 0, cwd: '/',
    tools: { ...BUSYBOX_CORE, ip: 'busybox', route: 'busybox', ping: 'busybox', traceroute: 'busybox', wget: 'busybox', nslookup: 'busybox', sysctl: 'busybox' },
  },
  // rawmind0/web-test's Dockerfile: FROM rawmind/alpine-base:3.7, WORKDIR /opt/web-test (busybox tools).
  'rancher/hello-world': {
    shell: 'sh', user: 'root', uid: 0, cwd: '/opt/web-test',
    tools: { ...BUSYBOX_CORE, ip: 'busybox', route: 'busybox', ping: 'busybox', traceroute: 'busybox', wget: 'busybox', nslookup: 'busybox', sysctl: 'busybox' },
  },
  'nicolaka/netshoot': {
    shell: 'bash', user: 'root', uid: 0, cwd: '/root',
    tools: { ...COREUTILS, ip: 'iproute2', route: 'net-tools', ping: 'iputils', traceroute: 'gnu', sysctl: 'procps', curl: 'curl-7.83', nslookup: 'bind-9.18', dig: 'bind-9.18', iptables: 'iptables', 'iptables-save': 'iptables' },
  },
  nginx: {
    shell: 'bash', user: 'root', uid: 0, cwd: '/',
    // nginx:1.23 is Debian bullseye with its curl 7.74.0.
    tools: { ...COREUTILS, curl: 'curl-7.74', getent: 'glibc-debian' },
  },
};

/** An image's profile; tags and registries are matched loosely, unknown images get a bare shell. */
export function imageProfile(image: string): ImageProfile {
  const exact = IMAGES[image];
  if (exact) return exact;
  const bare = image.replace(/^docker\.io\/(library\/)?/, '').replace(/[:@].*$/, '');
  const loose = IMAGES[bare] ?? Object.entries(IMAGES).find(([name]) => name.replace(/[:@].*$/, '') === bare)?.[1];
  return loose ?? { shell: 'sh', user: 'root', uid: 0, cwd: '/', tools: { ...BUSYBOX_CORE } };
}
