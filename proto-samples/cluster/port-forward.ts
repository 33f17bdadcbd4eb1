import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * The pod `portforward` subresource over WebSocket as the kubelet speaks it
 * (pkg/kubelet/cri/streaming/portforward/websocket.go): for the i-th requested port, channel 2i
 * carries data and 2i+1 errors; every frame starts with its channel byte, and the first frame the
 * server sends on each channel is the port number as two little-endian bytes.
 */

export const PORT_FORWARD_PROTOCOLS = ['v4.channel.k8s.io', 'channel.k8s.io'] as const;

export interface ForwardedPod {
  name: string;
  uid: string;
  namespace: string;
  ip: string;
}

/** Connects each port of the pod and relays it over the WebSocket until either side closes. */
export function servePortForward(ws: WebSocket, pod: ForwardedPod, ports: readonly number[]): void {
  const sockets: Socket[] = [];
  const closeAll = () => {
    for (const socket of sockets) socket.destroy();
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
  };
  const send = (channel: number, data: Buffer) => {
    if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), data]));
  };
  ports.forEach((port, index) => {
    const dataChannel = index * 2;
    const header = Buffer.alloc(2);
    header.writeUInt16LE(port);
    send(dataChannel, header);
    send(dataChannel + 1, header);
    const socket = connect({ host: pod.ip, port });
    sockets.push(socket);
    socket.on('data', (chunk: Buffer) => send(dataChannel, chunk));
    socket.on('error', (error) => {
      send(
        dataChannel + 1,
        Buffer.from(
          `error forwarding port ${port} to pod ${pod.name}, uid ${pod.uid}: failed to connect to ${pod.ip}:${port} inside namespace "${pod.namespace}": ${error.message}`,
        ),
      );
      closeAll();
    });
    socket.on('close', closeAll);
  });
  ws.on('message', (data: Buffer, isBinary) => {
    if (!isBinary || data.length === 0) return;
    const channel = data[0] as number;
    // Clients write only on data channels; anything on an error channel is ignored, as the kubelet does.
    if (channel % 2 === 0) sockets[channel / 2]?.write(data.subarray(1));
  });
  ws.on('close', closeAll);
  ws.on('error', closeAll);
}

/** The `ports` query parameter: repeated and/or comma-separated numbers; throws naming the bad one. */
export function parsePorts(values: readonly string[]): number[] {
  const ports = values
    .flatMap((value) => value.split(','))
    .map((text) => {
      const port = Number(text);
      if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw new Error(`invalid port "${text}"`);
      return port;
    });
  if (ports.length === 0) throw new Error('query parameter "ports" is required');
  return ports;
}
