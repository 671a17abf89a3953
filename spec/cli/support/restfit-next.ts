// restfit as the generated code sees it in these specs: the library, with the `@Query(name, { style })`
// signature of API.md §12.3, which lands on another branch. Until the branches merge the option is
// accepted and ignored at run time (arrays repeat); after the merge this file only re-exports.
import { Query as LibraryQuery } from '../../../lib/index';

export * from '../../../lib/index';

type QueryStyle = 'repeat' | 'comma' | 'brackets' | 'indices' | 'pipe';
export const Query = LibraryQuery as (
  name: string,
  options?: { encoded?: boolean; style?: QueryStyle },
) => ParameterDecorator;
