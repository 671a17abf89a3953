import { AxiosError, type AxiosResponse } from 'axios';

/** axios's settle(): resolve when `validateStatus` accepts the status, else reject with its AxiosError. */
export function settle(
  resolve: (response: AxiosResponse) => void,
  reject: (error: unknown) => void,
  response: AxiosResponse,
): void {
  const validateStatus = response.config.validateStatus;
  if (!response.status || !validateStatus || validateStatus(response.status)) {
    resolve(response);
    return;
  }
  reject(
    new AxiosError(
      `Request failed with status code ${response.status}`,
      response.status >= 400 && response.status < 500
        ? AxiosError.ERR_BAD_REQUEST
        : AxiosError.ERR_BAD_RESPONSE,
      response.config,
      response.request,
      response,
    ),
  );
}
