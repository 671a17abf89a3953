export { StubTransport } from './stub-transport';
export type { StubReply, StubRequest, StubResponder } from './stub-transport';
export { recordExchanges, replayExchanges } from './record-replay';
export type { Exchange, Recorder } from './record-replay';
