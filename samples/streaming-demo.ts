import { createClient, type TransferProgress } from 'restfit';
import { AssistantApi } from './streaming-sdk';

/** Shows a streamed (SSE) answer arriving event by event, then a download with a progress bar. */
export async function showStreamingDemo(baseURL: string, log: (...lines: unknown[]) => void): Promise<void> {
  const assistant = createClient(AssistantApi, { baseURL });

  const started = Date.now();
  let answer = '';
  log('POST /v1/chat (text/event-stream) →');
  for await (const event of assistant.chat({ prompt: 'How do streams arrive?' })) {
    answer += event.data.text;
    log(
      `  +${String(Date.now() - started).padStart(3)} ms  event ${event.id}: ${JSON.stringify(event.data.text)}`,
    );
  }
  log(`  [DONE] → "${answer}"`);

  const bars: string[] = [];
  const onDownloadProgress = ({ loaded, total }: TransferProgress) => bars.push(progressBar(loaded, total));
  const bytes = await assistant.export({ onDownloadProgress });
  log(`GET /v1/export → ${bytes.length} bytes, ${bars.length} progress reports:`);
  for (const bar of bars) log(`  ${bar}`);
}

function progressBar(loaded: number, total = loaded): string {
  const width = 24;
  const filled = Math.round((loaded / total) * width);
  const percent = String(Math.round((loaded / total) * 100)).padStart(3);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}% ${loaded}/${total} bytes`;
}
