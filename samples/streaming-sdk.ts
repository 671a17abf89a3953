import {
  Body,
  CallOptions,
  Get,
  Post,
  ResponseType,
  Returns,
  ServerSentEvents,
  declared,
  type ServerSentEvent,
} from 'restfit';

/** One piece of a streamed chat answer (OpenAI-style `text/event-stream`). */
export class Delta {
  text!: string;
}

/** A sample streaming SDK: a chat answer as Server-Sent Events, and a download with progress. */
export class AssistantApi {
  @Post('/v1/chat')
  @ServerSentEvents({ done: '[DONE]' })
  @Returns(Delta)
  chat(@Body() request: { prompt: string }): AsyncIterable<ServerSentEvent<Delta>> {
    return declared();
  }

  @Get('/v1/export')
  @ResponseType('bytes')
  export(@CallOptions() options?: CallOptions): Promise<Buffer> {
    return declared();
  }
}
