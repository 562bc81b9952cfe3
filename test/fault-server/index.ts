export {
  startFaultServer,
  DEFAULT_ANSWER,
  DEFAULT_REASONING,
  words,
  type FaultServer,
  type FaultServerOptions,
  type RecordedRequest,
  type ChatBody,
  type Scenario,
} from './fault-server';
