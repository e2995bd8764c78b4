/**
 * kubectl v1.25's help texts: the top-level command list (`kubectl --help`)
 * and, per implemented subcommand, cobra's layout: description, Examples:,
 * Options:, Usage:, and the closing line about global options.
 */
import { CREATE_SERVICE_HELP } from './create-service';

export const KUBECTL_COMMANDS = [
  'create', 'expose', 'run', 'set', 'explain', 'get', 'edit', 'delete', 'rollout', 'scale', 'autoscale',
  'certificate', 'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint', 'describe', 'logs', 'attach',
  'exec', 'port-forward', 'proxy', 'cp', 'auth', 'debug', 'diff', 'apply', 'patch', 'replace', 'wait',
  'kustomize', 'label', 'annotate', 'completion', 'alpha', 'api-resources', 'api-versions', 'config', 'plugin',
  'version', 'options', 'help',
];

export const KUBECTL_HELP = `kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
  run             Run a particular image on the cluster
  set             Set specific features on objects

Basic Commands (Intermediate):
  explain         Get documentation for a resource
  get             Display one or many resources
  edit            Edit a resource on the server
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set a new size for a deployment, replica set, or replication controller
  autoscale       Auto-scale a deployment, replica set, stateful set, or replication controller

Cluster Management Commands:
  certificate     Modify certificate resources.
  cluster-info    Display cluster information
  top             Display resource (CPU/memory) usage
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable
  drain           Drain node in preparation for maintenance
  taint           Update the taints on one or more nodes

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Print the logs for a container in a pod
  attach          Attach to a running container
  exec            Execute a command in a container
  port-forward    Forward one or more local ports to a pod
  proxy           Run a proxy to the Kubernetes API server
  cp              Copy files and directories to and from containers
  auth            Inspect authorization
  debug           Create debugging sessions for troubleshooting workloads and nodes

Advanced Commands:
  diff            Diff the live version against a would-be applied version
  apply           Apply a configuration to a resource by file name or stdin
  patch           Update fields of a resource
  replace         Replace a resource by file name or stdin
  wait            Experimental: Wait for a specific condition on one or many resources
  kustomize       Build a kustomization target from a directory or URL.

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource
  completion      Output shell completion code for the specified shell (bash, zsh, fish, or powershell)

Other Commands:
  alpha           Commands for features in alpha
  api-resources   Print the supported API resources on the server
  api-versions    Print the supported API versions on the server, in the form of "group/version"
  config          Modify kubeconfig files
  plugin          Provides utilities for interacting with plugins
  version         Print the client and server version information

Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

const DRY_RUN_FLAG = "--dry-run='none'";
const DRY_RUN_USAGE = 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.';
const OUTPUT_FLAG = "-o, --output=''";
const OUTPUT_USAGE = 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).';

const FOOTER = '\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n';

interface Help {
  desc: string;
  examples: string;
  options: Array<[string, string]>;
  usage: string;
}

const H: Record<string, Help> = {
  get: {
    desc: `Display one or many resources.

 Prints a table of the most important information about the specified resources. You can filter the list using a label
selector and the --selector flag. If the desired resource type is namespaced you will only see results in your current
namespace unless you pass --all-namespaces.

Use "kubectl api-resources" for a complete list of supported resources.`,
    examples: `  # List all pods in ps output format
  kubectl get pods
  
  # List all pods in ps output format with more information (such as node name)
  kubectl get pods -o wide
  
  # List a single pod in JSON output format
  kubectl get -o json pod web-pod-13je7
  
  # List all replication controllers and services together in ps output format
  kubectl get rc,services
  
  # List one or more resources by their type and names
  kubectl get rc/web service/frontend pods/web-pod-13je7`,
    options: [
      ['-A, --all-namespaces=false', 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.'],
      ['--no-headers=false', "When using the default or custom-column output format, don't print headers (default print headers)."],
      ['-o, --output=\'\'', 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide). See custom columns [https://kubernetes.io/docs/reference/kubectl/overview/#custom-columns], golang template [http://golang.org/pkg/text/template/#pkg-overview] and jsonpath template [https://kubernetes.io/docs/reference/kubectl/jsonpath/].'],
      ['-l, --selector=\'\'', "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints."],
      ['--show-kind=false', 'If present, list the resource type for the requested object(s).'],
      ['--show-labels=false', 'When printing, show all labels as the last column (default hide labels column)'],
      ['-w, --watch=false', 'After listing/getting the requested object, watch for changes.'],
    ],
    usage: 'kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]',
  },
  describe: {
    desc: `Show details of a specific resource or group of resources.

 Print a detailed description of the selected resources, including related resources such as events or controllers. You
may select a single object by name, all objects of that type, provide a name prefix, or label selector. For example:

  $ kubectl describe TYPE NAME_PREFIX
  
 will first check for an exact match on TYPE and NAME_PREFIX. If no such resource exists, it will output details for
every resource that has a name prefixed with NAME_PREFIX.

Use "kubectl api-resources" for a complete list of supported resources.`,
    examples: `  # Describe a node
  kubectl describe nodes kubernetes-node-emt8.c.myproject.internal
  
  # Describe a pod
  kubectl describe pods/nginx
  
  # Describe pods by label name=myLabel
  kubectl describe po -l name=myLabel`,
    options: [
      ['-A, --all-namespaces=false', 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.'],
      ['-l, --selector=\'\'', "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints."],
      ['--show-events=true', 'If true, display events related to the described object.'],
    ],
    usage: 'kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]',
  },
  'create deployment': {
    desc: 'Create a deployment with the specified name.',
    examples: `  # Create a deployment named my-dep that runs the busybox image
  kubectl create deployment my-dep --image=busybox
  
  # Create a deployment with a command
  kubectl create deployment my-dep --image=busybox -- date
  
  # Create a deployment named my-dep that runs the nginx image with 3 replicas
  kubectl create deployment my-dep --image=nginx --replicas=3
  
  # Create a deployment named my-dep that runs the busybox image and expose port 5701
  kubectl create deployment my-dep --image=busybox --port=5701`,
    options: [
      ["--image=[]", 'Image names to run.'],
      ['--port=-1', 'The port that this container exposes.'],
      ['-r, --replicas=1', 'Number of replicas to create. Default is 1.'],
    ],
    usage: 'kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]',
  },
  'create service clusterip': {
    desc: 'Create a ClusterIP service with the specified name.',
    examples: `  # Create a new ClusterIP service named my-cs
  kubectl create service clusterip my-cs --tcp=5678:8080
  
  # Create a new ClusterIP service named my-cs (in headless mode)
  kubectl create service clusterip my-cs --clusterip="None"`,
    options: [
      ["--clusterip=''", "Assign your own ClusterIP or set to 'None' for a 'headless' service (no loadbalancing)."],
      [DRY_RUN_FLAG, DRY_RUN_USAGE],
      [OUTPUT_FLAG, OUTPUT_USAGE],
      ['--tcp=[]', "Port pairs can be specified as '<port>:<targetPort>'."],
    ],
    usage: 'kubectl create service clusterip NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none] [options]',
  },
  'create service nodeport': {
    desc: 'Create a NodePort service with the specified name.',
    examples: `  # Create a new NodePort service named my-ns
  kubectl create service nodeport my-ns --tcp=5678:8080`,
    options: [
      [DRY_RUN_FLAG, DRY_RUN_USAGE],
      ['--node-port=0', 'Port used to expose the service on each node in a cluster.'],
      [OUTPUT_FLAG, OUTPUT_USAGE],
      ['--tcp=[]', "Port pairs can be specified as '<port>:<targetPort>'."],
    ],
    usage: 'kubectl create service nodeport NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]',
  },
  'create service loadbalancer': {
    desc: 'Create a LoadBalancer service with the specified name.',
    examples: `  # Create a new LoadBalancer service named my-lbs
  kubectl create service loadbalancer my-lbs --tcp=5678:8080`,
    options: [
      [DRY_RUN_FLAG, DRY_RUN_USAGE],
      [OUTPUT_FLAG, OUTPUT_USAGE],
      ['--tcp=[]', "Port pairs can be specified as '<port>:<targetPort>'."],
    ],
    usage: 'kubectl create service loadbalancer NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]',
  },
  'create service externalname': {
    desc: `Create an ExternalName service with the specified name.

 ExternalName service references to an external DNS address instead of only pods, which will allow application authors
to reference services that exist off platform, on other clusters, or locally.`,
    examples: `  # Create a new ExternalName service named my-ns
  kubectl create service externalname my-ns --external-name bar.com`,
    options: [
      [DRY_RUN_FLAG, DRY_RUN_USAGE],
      ["--external-name=''", 'External name of service'],
      [OUTPUT_FLAG, OUTPUT_USAGE],
      ['--tcp=[]', "Port pairs can be specified as '<port>:<targetPort>'."],
    ],
    usage: 'kubectl create service externalname NAME --external-name external.name [--dry-run=server|client|none] [options]',
  },
  expose: {
    desc: `Expose a resource as a new Kubernetes service.

 Looks up a deployment, service, replica set, replication controller or pod by name and uses the selector for that
resource as the selector for a new service on the specified port. A deployment or replica set will be exposed as a
service only if its selector is convertible to a selector that service supports, i.e. when the selector contains only
the matchLabels component. Note that if no port is specified via --port and the exposed resource has multiple ports, all
will be re-used by the new service. Also if no labels are specified, the new service will re-use the labels from the
resource it exposes.

 Possible resources include (case insensitive):

 pod (po), service (svc), replicationcontroller (rc), deployment (deploy), replicaset (rs)`,
    examples: `  # Create a service for a replicated nginx, which serves on port 80 and connects to the containers on port 8000
  kubectl expose rc nginx --port=80 --target-port=8000
  
  # Create a service for a replication controller identified by type and name specified in "nginx-controller.yaml", which serves on port 80 and connects to the containers on port 8000
  kubectl expose -f nginx-controller.yaml --port=80 --target-port=8000
  
  # Create a service for a pod valid-pod, which serves on port 444 with the name "frontend"
  kubectl expose pod valid-pod --port=444 --name=frontend
  
  # Create a second service based on the above service, exposing the container port 8443 as port 443 with the name "nginx-https"
  kubectl expose service nginx --port=443 --target-port=8443 --name=nginx-https
  
  # Create a service for a replicated streaming application on port 4100 balancing UDP traffic and named 'video-stream'.
  kubectl expose rc streamer --port=4100 --protocol=UDP --name=video-stream
  
  # Create a service for a replicated nginx using replica set, which serves on port 80 and connects to the containers on port 8000
  kubectl expose rs nginx --port=80 --target-port=8000
  
  # Create a service for an nginx deployment, which serves on port 80 and connects to the containers on port 8000
  kubectl expose deployment nginx --port=80 --target-port=8000`,
    options: [
      ["--name=''", 'The name for the newly created object.'],
      ["--port=''", 'The port that the service should serve on. Copied from the resource being exposed, if unspecified'],
      ["--protocol=''", "The network protocol for the service to be created. Default is 'TCP'."],
      ["--target-port=''", 'Name or number for the port on the container that the service should direct traffic to. Optional.'],
      ["--type=''", "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'."],
    ],
    usage: 'kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]',
  },
  run: {
    desc: 'Create and run a particular image in a pod.',
    examples: `  # Start a nginx pod
  kubectl run nginx --image=nginx`,
    options: [["--image=''", 'The image for the container to run.'], ['-i, --stdin=false', 'Keep stdin open on the container in the pod, even if nothing is attached.'], ['-t, --tty=false', 'Allocate a TTY for the container in the pod.']],
    usage: 'kubectl run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]',
  },
  scale: {
    desc: `Set a new size for a deployment, replica set, replication controller, or stateful set.

 Scale also allows users to specify one or more preconditions for the scale action.

 If --current-replicas or --resource-version is specified, it is validated before the scale is attempted, and it is
guaranteed that the precondition holds true when the scale is sent to the server.`,
    examples: `  # Scale a replica set named 'foo' to 3
  kubectl scale --replicas=3 rs/foo
  
  # Scale multiple replication controllers
  kubectl scale --replicas=5 rc/foo rc/bar rc/baz`,
    options: [['--replicas=0', 'The new desired number of replicas. Required.']],
    usage: 'kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]',
  },
  delete: {
    desc: `Delete resources by file names, stdin, resources and names, or by resources and label selector.`,
    examples: `  # Delete a pod with minimal delay
  kubectl delete pod foo --now
  
  # Delete pods and services with same names "baz" and "foo"
  kubectl delete pod,service baz foo`,
    options: [['--all=false', 'Delete all resources, in the namespace of the specified resource types.'], ['-l, --selector=\'\'', 'Selector (label query) to filter on.']],
    usage: 'kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]',
  },
  exec: {
    desc: 'Execute a command in a container.',
    examples: `  # Get output from running the 'date' command from pod mypod, using the first container by default
  kubectl exec mypod -- date
  
  # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod
  # and sends stdout/stderr from 'bash' back to the client
  kubectl exec mypod -c ruby-container -i -t -- bash -il`,
    options: [
      ["-c, --container=''", 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen'],
      ['-i, --stdin=false', 'Pass stdin to the container'],
      ['-t, --tty=false', 'Stdin is a TTY'],
    ],
    usage: 'kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]',
  },
  debug: {
    desc: `Debug cluster resources using interactive debugging containers.

 'debug' provides automation for common debugging tasks for cluster objects identified by resource and name. Pods will
be used by default if no resource is specified.`,
    examples: `  # Create an interactive debugging session in pod mypod and immediately attach to it.
  kubectl debug mypod -it --image=busybox
  
  # Create an interactive debugging session on a node and immediately attach to it.
  # The container will run in the host namespaces and the host's filesystem will be mounted at /host
  kubectl debug node/mynode -it --image=busybox`,
    options: [
      ["--image=''", 'Container image to use for debug container.'],
      ['-i, --stdin=false', 'Keep stdin open on the container(s) in the pod, even if nothing is attached.'],
      ['-t, --tty=false', 'Allocate a TTY for the debugging container.'],
    ],
    usage: 'kubectl debug (POD | TYPE[[.VERSION].GROUP]/NAME) [ -- COMMAND [args...] ] [options]',
  },
  logs: {
    desc: 'Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.',
    examples: `  # Return snapshot logs from pod nginx with only one container
  kubectl logs nginx`,
    options: [["-c, --container=''", 'Print the logs of this container'], ['-f, --follow=false', 'Specify if the logs should be streamed.']],
    usage: 'kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]',
  },
  'cluster-info': {
    desc: `Display addresses of the control plane and services with label kubernetes.io/cluster-service=true. To further debug and
diagnose cluster problems, use 'kubectl cluster-info dump'.`,
    examples: `  # Print the address of the control plane and cluster services
  kubectl cluster-info`,
    options: [],
    usage: 'kubectl cluster-info [flags] [options]',
  },
  version: {
    desc: 'Print the client and server version information for the current context.',
    examples: `  # Print the client and server versions for the current context
  kubectl version`,
    options: [['--client=false', 'If true, shows client version only (no server required).'], ["-o, --output=''", "One of 'yaml' or 'json'."], ['--short=false', 'If true, print just the version number.']],
    usage: 'kubectl version [flags] [options]',
  },
};

function render(h: Help): string {
  const opts = h.options.map(([f, u]) => `    ${f}:\n\t${u}\n`).join('\n');
  return `${h.desc}\n\nExamples:\n${h.examples}\n\n${h.options.length ? `Options:\n${opts}\n` : ''}Usage:\n  ${h.usage}\n${FOOTER}`;
}

/** Help for `kubectl TOPIC --help` (topic like "get" or "create deployment"); null when unknown. */
export function helpFor(topic: string): string | null {
  const words = topic.split(' ');
  if (words[0] === 'create' && (words[1] === 'service' || words[1] === 'svc')) {
    const sub = H[`create service ${words[2] ?? ''}`];
    return sub ? render(sub) : CREATE_SERVICE_HELP;
  }
  const key = words[0] === 'create' && (words[1] === 'deployment' || words[1] === 'deploy') ? 'create deployment' : (words[0] as string);
  const h = H[key];
  if (h) return render(h);
  if (!KUBECTL_COMMANDS.includes(words[0] as string)) return null;
  return `podlab: the help text of "kubectl ${words[0]}" is not in this lab; see https://kubernetes.io/docs/reference/kubectl/.\n`;
}
