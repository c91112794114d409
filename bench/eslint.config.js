// The root config plus the bench's generated files (bundles of third-party SDKs) left out.
import { globalIgnores } from 'eslint/config';
import root from '../eslint.config.js';

export default [...root, globalIgnores(['results/**'])];
