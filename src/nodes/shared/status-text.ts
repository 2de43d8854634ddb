/** A status text cut to fit under the node (the rules quote a long operation reference the same way). */
export { short } from '../../rules';
